#!/usr/bin/env bash
# Benchmark "search": the search module's engine in process (no box): 100,000 generated documents across two
# modules with realistic principals (a collège of 40 classes; readers a class, its responsables and the
# direction; one in ten owned by a teacher, one in ten planned ahead), indexed through a source; then 1,000
# queries from the generated word list (one or two words, one in five misspelt) by pupils through the engine
# (principals from the annuaire, permission filter in the query, second check, snippets, facets) versus the same
# text query on raw Lucene IndexSearcher, unfiltered (fr.preau.search.internal.SearchBench, in the search
# bundle's test classes). Prints p50/p95/p99 of both, the index size and the reindex time.
#
# Then the same through the REST API of a running box (fr.preau.search.internal.SearchRestBench): a demo box with the
# bench's search source in deploy/ (search-source/, compiled here: the same number of generated documents on the demo
# collège's classes), its index rebuilt by the referent's reindex (timed), then the queries as a demo pupil through
# GET /api/v1/search (session, principals, filter, second check, snippets, facets, JSON) versus raw Lucene opened on
# the box's index folder, unfiltered; and, for comparison, the transport's floor (GET /api/v1/ping from the same client).
# Last line: ratio <preau REST/raw q/s> …; goal p95 <= 50 ms and ratio >= 0.5.
# Settings: BENCH_SEARCH_DOCUMENTS (100000), BENCH_SEARCH_QUERIES (1000), BENCH_PREAU_PORT (18184),
# BENCH_SEARCH_REST=0 skips the REST half; BENCH_SEARCH_JAVA_OPTS adds options to the box's JVM (a JFR recording:
# -XX:StartFlightRecording=filename=/tmp/search.jfr,settings=profile,dumponexit=true).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
DOCS="${BENCH_SEARCH_DOCUMENTS:-100000}"
QUERIES="${BENCH_SEARCH_QUERIES:-1000}"

PORT="${BENCH_PREAU_PORT:-18184}"

need_tools mvn curl tar jar
bench_java
bench_init
[[ -f $ROOT/bundles/search/target/test-classes/fr/preau/search/internal/SearchBench.class ]] \
    || die "Classes de test absentes (bundles/search) : lancez « mvn -B -o install -DskipTests » (ou ./preau build)."
(cd "$ROOT" && mvn -B -o -q dependency:build-classpath -pl bundles/search -Dmdep.includeScope=test \
    -Dmdep.outputFile="$BENCH_TMP/classpath" ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}) >/dev/null \
    || die "Classpath du module de recherche introuvable (mvn dependency:build-classpath)."
say "Banc d'essai « search » : $DOCS documents, $QUERIES requêtes d'élèves, moteur de Préau (filtré) contre Lucene nu"
"$JAVA_HOME/bin/java" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$ROOT/bundles/search/target/test-classes:$ROOT/bundles/search/target/classes:$(cat "$BENCH_TMP/classpath")" \
    fr.preau.search.internal.SearchBench "$DOCS" "$QUERIES" "$BENCH_TMP/index"

[[ ${BENCH_SEARCH_REST:-1} == 0 ]] && exit 0

# --- the REST half ---------------------------------------------------------------------------------
require_free_ports "$PORT"
CP="$ROOT/bundles/search/target/test-classes:$ROOT/bundles/search/target/classes:$(cat "$BENCH_TMP/classpath")"
say ""
say "Même banc par l'API REST d'une box de démonstration (source de recherche du banc dans deploy/)"
mkdir -p "$BENCH_TMP/source/classes"
"$JAVA_HOME/bin/javac" -nowarn -d "$BENCH_TMP/source/classes" -cp "$CP" \
    "$ROOT/appliance-image/bench/search-source/fr/preau/benchsearch/BenchSource.java" \
    "$ROOT/bundles/search/src/test/java/fr/preau/search/internal/BenchWords.java" \
    || die "La source de recherche du banc ne compile pas."
cat >"$BENCH_TMP/source/MANIFEST.MF" <<MF
Bundle-ManifestVersion: 2
Bundle-SymbolicName: fr.preau.bench.search
Bundle-Version: 0.0.1
Bundle-Activator: fr.preau.benchsearch.BenchSource
Import-Package: fr.preau.api,fr.preau.api.spi,fr.preau.directory,org.osgi.framework
MF
unpack_preau "$BENCH_TMP/rest"
"$JAVA_HOME/bin/jar" --create --file "$BENCH_TMP/rest/deploy/fr.preau.bench.search.jar" \
    --manifest "$BENCH_TMP/source/MANIFEST.MF" -C "$BENCH_TMP/source/classes" .
JAR="$BENCH_TMP/cookies-rest"
export EXTRA_JAVA_OPTS="-Dpreau.bench.search.documents=$DOCS ${BENCH_SEARCH_JAVA_OPTS:-}"
start_preau "$BENCH_TMP/rest" "$BENCH_TMP/rest-data" "$PORT"
wait_preau_authenticated "$JVM" "$PORT" "$JAR" || preau_failed "$BENCH_TMP/rest-data" "La box de démonstration n'a pas démarré."
"$JAVA_HOME/bin/java" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
    fr.preau.search.internal.SearchRestBench "http://127.0.0.1:$PORT" "$BENCH_TMP/rest-data/preau/search/index" \
    leo.marchand referent "$DEMO_PASSWORD" "$DOCS" "$QUERIES"
stop_jvm "$JVM"
