#!/usr/bin/env bash
# Benchmark "search": the search module's engine in process (no box): 100,000 generated documents across two
# modules with realistic principals (a collège of 40 classes; readers a class, its responsables and the
# direction; one in ten owned by a teacher, one in ten planned ahead), indexed through a source; then 1,000
# queries from the generated word list (one or two words, one in five misspelt) by pupils through the engine
# (principals from the annuaire, permission filter in the query, second check, snippets, facets) versus the same
# text query on raw Lucene IndexSearcher, unfiltered (fr.preau.search.internal.SearchBench, in the search
# bundle's test classes). Prints p50/p95/p99 of both, the index size and the reindex time.
#
# Not yet measured: the REST layer (session, JSON) on a running box — see the module's README.
# Last line: ratio <preau/raw q/s> …; goal p95 <= 50 ms and ratio >= 0.5.
# Settings: BENCH_SEARCH_DOCUMENTS (100000), BENCH_SEARCH_QUERIES (1000).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
DOCS="${BENCH_SEARCH_DOCUMENTS:-100000}"
QUERIES="${BENCH_SEARCH_QUERIES:-1000}"

need_tools mvn
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
