#!/usr/bin/env bash
# Benchmark "api": throughput of an authenticated JSON read through the whole Préau stack
# (session, access, Derby: GET /api/v1/me) versus a bare JAX-RS hello resource on the same
# box and the same CXF/Jetty (GET /api/v1/bench/hello, shipped by a bench-only feature).
#
# Starts its own Préau in demo mode (temp data dir, own port), logs in as referent, then
# runs wrk -t2 -c50 -d15s --latency (after a short warm-up) with the session cookie
# against both endpoints. Installs nothing into the box.
#
# Last line: ratio <preau/bare req/s> (preau X req/s vs bare-cxf Y req/s); goal >= 0.5.
# Settings: BENCH_PREAU_PORT (18182), BENCH_DURATION (15s), BENCH_WARMUP (5s),
# BENCH_CONNECTIONS (50), BENCH_THREADS (2).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PORT="${BENCH_PREAU_PORT:-18182}"
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
THREADS="${BENCH_THREADS:-2}"
BASE="http://127.0.0.1:$PORT/api/v1"

need_tools wrk curl tar awk
bench_java
bench_init
require_free_ports "$PORT"

# Runs wrk on URL $2 with header $1 for duration $3; output into file $4.
run_wrk() {
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency -H "$1" "$2" >"$4" 2>&1 \
        || { cat "$4" >&2; die "wrk a échoué sur $2"; }
}

# From a wrk output file: "req_per_s p99_ms non2xx errors".
parse_wrk() {
    awk '
        function ms(v) {
            if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
            if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
            if (v ~ /m$/)  { sub(/m$/, "", v);  return v * 60000 }
            if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
            return v + 0
        }
        /^Requests\/sec:/                  { rps = $2 }
        $1 == "99%" && !seen99             { p99 = ms($2); seen99 = 1 }
        /Non-2xx or 3xx responses:/        { non2xx = $NF }
        /Socket errors:/ {
            for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { v = $i; sub(/,/, "", v); err += v }
        }
        END {
            if (rps == "") rps = "nan"
            if (p99 == "") p99 = "nan"
            printf "%.0f %.2f %d %d\n", rps, p99, non2xx + 0, err + 0
        }' "$1"
}

report() { # $1 label, $2 parsed figures
    local rps p99 non2xx errs
    read -r rps p99 non2xx errs <<<"$2"
    printf '  %-24s %8s req/s   p99 %8s ms' "$1" "$rps" "$p99"
    if ((non2xx > 0 || errs > 0)); then
        printf '   (attention : %s réponses non 2xx, %s erreurs de socket)' "$non2xx" "$errs"
    fi
    printf '\n'
}

say "Banc d'essai « api » : GET /api/v1/me (session + accès + Derby) contre GET /api/v1/bench/hello (JAX-RS nu)"
say "  wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (échauffement $WARMUP) ; Préau en démo sur le port $PORT"
unpack_preau "$BENCH_TMP/preau"
data="$BENCH_TMP/data"
jar="$BENCH_TMP/cookies"
start_preau "$BENCH_TMP/preau" "$data" "$PORT"
printf '  démarrage de Préau'
rc=0
wait_preau_authenticated "$JVM" "$PORT" "$jar" || rc=$?
printf '\n'
if ((rc == 1)); then
    preau_failed "$data" "Préau n'a pas accepté la connexion du référent en $READY_TIMEOUT s (dernière réponse : HTTP $LAST_CODE)."
    exit 1
elif ((rc != 0)); then
    preau_failed "$data" "Préau s'est arrêté pendant le démarrage."
    exit 1
fi
cookie=$(cookie_header "$jar")
[[ -n $cookie ]] || die "La connexion a réussi mais aucun cookie de session PREAU_SESSION n'a été reçu."

hello_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "$cookie" "$BASE/bench/hello" || true)
hello=true
if [[ $hello_code != 200 ]]; then
    hello=false
fi

say "  échauffement…"
run_wrk "$cookie" "$BASE/me" "$WARMUP" "$BENCH_TMP/warm-me.txt"
if [[ $hello == true ]]; then run_wrk "$cookie" "$BASE/bench/hello" "$WARMUP" "$BENCH_TMP/warm-hello.txt"; fi

say "  mesure…"
run_wrk "$cookie" "$BASE/me" "$DURATION" "$BENCH_TMP/me.txt"
me=$(parse_wrk "$BENCH_TMP/me.txt")
report "preau  GET /me" "$me"

if [[ $hello != true ]]; then
    warn "La référence GET /api/v1/bench/hello répond HTTP $hello_code au lieu de 200 :"
    warn "cette distribution ne contient pas la feature de banc d'essai (ressource JAX-RS « hello »)."
    warn "Pas de ratio sans référence ; ajoutez la feature puis relancez ./preau bench api."
    exit 1
fi

run_wrk "$cookie" "$BASE/bench/hello" "$DURATION" "$BENCH_TMP/hello.txt"
hello_figures=$(parse_wrk "$BENCH_TMP/hello.txt")
report "bare-cxf  GET /bench/hello" "$hello_figures"

me_rps=${me%% *}
hello_rps=${hello_figures%% *}
say "  objectif : ratio >= 0.5"
say "ratio $(ratio "$me_rps" "$hello_rps") (preau $me_rps req/s vs bare-cxf $hello_rps req/s)"
