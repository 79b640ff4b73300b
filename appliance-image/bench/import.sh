#!/usr/bin/env bash
# Benchmark "import": annuaire imports of synthetic AAF 2D exports.
#
# For each size (BENCH_IMPORT_SIZES, default "10000 100000" accounts):
#   - generates a complete export (fr.preau.directory.testing.AafGenerator, seeded);
#   - reference: a StAX parse-only pass over the same files with the importer's reader
#     (fr.preau.directory.testing.ParseOnly), same heap;
#   - Préau: a fresh box (demo mode, empty data dir, heap BENCH_IMPORT_HEAP, default 256m),
#     `./preau import` of the folder (upload + import, to the end), then the same files again
#     (must write nothing). The box's peak heap is sampled with jstat during the imports.
# Prints per size: accounts/s of both, ratio, peak heap, rows written by the unchanged re-import.
# Last line: ratio <preau/parse-only accounts per second> for the largest size; goal >= 0.3,
# and 0 rows written by the re-import.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

SIZES="${BENCH_IMPORT_SIZES:-10000 100000}"
HEAP="${BENCH_IMPORT_HEAP:-256m}"
PORT="${BENCH_PREAU_PORT:-18183}"
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
CP="$ROOT/bundles/directory/target/classes:$ROOT/bundles/directory/target/test-classes"

need_tools curl tar awk jstat
bench_java
bench_init
require_free_ports "$PORT"
[[ -f $ROOT/bundles/directory/target/test-classes/fr/preau/directory/testing/AafGenerator.class ]] \
    || die "Classes de test de l'annuaire absentes : lancez « mvn -B -o install -DskipTests » (ou ./preau build)."
JAVA_BIN=$(dirname "$(readlink -f "$(command -v java)")")/java

# Samples the heap used (KiB, young + old) of JVM $1 every 0.5 s into $2 until $3 exists.
sample_heap() {
    local pid=$1 out=$2 stop=$3
    while [[ ! -e $stop ]] && kill -0 "$pid" 2>/dev/null; do
        jstat -gc "$pid" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
            NR == 2 { printf "%.0f\n", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"] }' >>"$out" || true
        sleep 0.5
    done
}

max_of() { sort -n "$1" 2>/dev/null | tail -n1; }

unpack_preau "$BENCH_TMP/preau"
LAST_RATIO=""
LAST_LINE=""
for n in $SIZES; do
    dir="$BENCH_TMP/aaf-$n"
    say "== $n comptes"
    "$JAVA_BIN" -cp "$CP" fr.preau.directory.testing.AafGenerator "$dir" "$n" 42 "ENT$n" | sed 's/^/   /'
    persons=$("$JAVA_BIN" -Xmx"$HEAP" -cp "$CP" fr.preau.directory.testing.ParseOnly "$dir" | tee "$BENCH_TMP/parse-$n.txt" \
        | awk '{ print $4 }')
    parse_s=$(awk '{ print $(NF-1) }' "$BENCH_TMP/parse-$n.txt")
    parse_rate=$(awk -v n="$persons" -v s="$parse_s" 'BEGIN { printf "%.0f", n / s }')
    say "   parse-only : $persons personnes en $parse_s s ($parse_rate comptes/s)"

    data="$BENCH_TMP/data-$n"
    PREAU_HEAP="$HEAP" start_preau "$BENCH_TMP/preau" "$data" "$PORT"
    wait_preau_authenticated "$JVM" "$PORT" "$BENCH_TMP/jar-$n" || { preau_failed "$data" "Préau n'a pas démarré."; exit 1; }
    heap="$BENCH_TMP/heap-$n.txt"
    : >"$heap"
    sample_heap "$JVM" "$heap" "$BENCH_TMP/stop-$n" &
    sampler=$!
    t0=$(now)
    PREAU_DATA="$data" PREAU_HTTP_PORT="$PORT" PREAU_PASSWORD="$DEMO_PASSWORD" "$ROOT/preau" import "$dir" \
        >"$BENCH_TMP/import-$n.txt" 2>&1 || { cat "$BENCH_TMP/import-$n.txt" >&2; preau_failed "$data" "L'import a échoué."; exit 1; }
    t1=$(now)
    PREAU_DATA="$data" PREAU_HTTP_PORT="$PORT" PREAU_PASSWORD="$DEMO_PASSWORD" "$ROOT/preau" import "$dir" \
        >"$BENCH_TMP/reimport-$n.txt" 2>&1 || { cat "$BENCH_TMP/reimport-$n.txt" >&2; preau_failed "$data" "Le second import a échoué."; exit 1; }
    t2=$(now)
    touch "$BENCH_TMP/stop-$n"
    wait "$sampler" 2>/dev/null || true
    stop_jvm "$JVM"
    import_s=$(elapsed "$t0" "$t1")
    reimport_s=$(elapsed "$t1" "$t2")
    first=$(grep '^import:' "$BENCH_TMP/import-$n.txt" | tail -n1)
    second=$(grep '^import:' "$BENCH_TMP/reimport-$n.txt" | tail -n1)
    rate=$(awk -v n="$persons" -v s="$import_s" 'BEGIN { printf "%.0f", n / s }')
    written=$(awk -F'[:,]' '{ for (i = 2; i <= NF; i++) { split($i, w, " "); if (w[2] == "created" || w[2] == "updated" || w[2] == "deactivated") t += w[1] } } END { print t + 0 }' <<<"$second")
    peak_mb=$(awk -v k="$(max_of "$heap")" 'BEGIN { printf "%.0f", k / 1024 }')
    r=$(ratio "$rate" "$parse_rate")
    say "   Préau      : $first"
    say "                en $import_s s ($rate comptes/s), ratio $r ; pic de mémoire (tas) $peak_mb Mo avec -Xmx$HEAP"
    say "   réimport   : $second en $reimport_s s ; lignes écrites : $written"
    LAST_RATIO=$r
    LAST_LINE="ratio $r (preau $rate accounts/s vs parse-only $parse_rate accounts/s; $n accounts, peak heap $peak_mb MB of $HEAP, re-import wrote $written rows)"
done
say "$LAST_LINE"
[[ -n $LAST_RATIO ]]
