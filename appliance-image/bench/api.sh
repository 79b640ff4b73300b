#!/usr/bin/env bash
# Benchmark "api": throughput of an authenticated JSON read through the whole Préau stack
# — session, access check, Derby query, Jackson: GET /api/v1/probe/notes of the test module
# (appliance-image/test-module, deployed into this temporary box only) — versus a bare CXF
# resource in the same distribution (GET /api/v1/ping: no session, no access, no database,
# no JSON mapping).
#
# Starts its own Préau in demo mode (temp data dir, own port), logs in as referent, writes
# 20 notes, then runs wrk -t2 -c50 --latency (after a short warm-up) with the session cookie
# against both endpoints, in alternated rounds; the ratio is the median of the rounds' ratios.
#
# Last line: ratio <preau/bare req/s> (preau X req/s vs bare-cxf Y req/s); goal >= 0.5.
# Settings: BENCH_PREAU_PORT (18182), BENCH_ROUNDS (3 alternated rounds), BENCH_DURATION (8s per
# endpoint and round), BENCH_WARMUP (5s), BENCH_CONNECTIONS (50), BENCH_THREADS (2).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PORT="${BENCH_PREAU_PORT:-18182}"
DURATION="${BENCH_DURATION:-8s}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
THREADS="${BENCH_THREADS:-2}"
BASE="http://127.0.0.1:$PORT/api/v1"

need_tools wrk curl tar awk
bench_java
bench_init
require_free_ports "$PORT"


say "Banc d'essai « api » : GET /api/v1/probe/notes (session + accès + Derby + JSON) contre GET /api/v1/ping (CXF nu)"
say "  wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (échauffement $WARMUP) ; Préau en démo sur le port $PORT"
probe_jar=$(ls "$BENCH_ROOT"/appliance-image/test-module/target/fr.preau.probe-*.jar 2>/dev/null | head -n 1 || true)
[[ -n $probe_jar ]] || die "Le module de test manque : lancez d'abord ./preau build."
unpack_preau "$BENCH_TMP/preau"
cat >"$BENCH_TMP/preau/deploy/preau-probe.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<features name="preau-probe-bench" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
  <feature name="preau-probe" version="0.1.0" install="auto">
    <config name="org.ops4j.datasource-preau-probe">
      osgi.jdbc.driver.name = derby
      dataSourceName = jdbc/preau-probe
      url = jdbc:derby:\${karaf.data}/preau/probe;create=true
      ops4j.preHook = preau-probe
      pool = dbcp2
      xa = false
      jdbc.pool.maxTotal = 16
      jdbc.pool.maxIdle = 16
      jdbc.pool.minIdle = 1
      jdbc.factory.poolStatements = true
      jdbc.factory.maxOpenPreparedStatements = 50
    </config>
    <bundle>file:$probe_jar</bundle>
  </feature>
</features>
XML
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

# the test module is installed from deploy/ once the box runs: wait for it (a minute at most)
for _ in $(seq 1 300); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "$cookie" "$BASE/probe/notes" || true) == 200 ]] && break
    sleep 0.2
done
csrf=$(curl -s --max-time 5 -H "$cookie" "$BASE/me" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')
for i in $(seq 1 20); do
    curl -s -o /dev/null --max-time 10 -H "$cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        --data "{\"text\":\"Note de banc d'essai $i\"}" "$BASE/probe/notes" || true
done
probe_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "$cookie" "$BASE/probe/notes" || true)
[[ $probe_code == 200 ]] || die "GET /api/v1/probe/notes répond HTTP $probe_code au lieu de 200 (module de test non installé ?)."
hello_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/ping" || true)
hello=true
if [[ $hello_code != 200 ]]; then
    hello=false
fi

say "  échauffement…"
run_wrk "$cookie" "$BASE/probe/notes" "$WARMUP" "$BENCH_TMP/warm-me.txt"
if [[ $hello == true ]]; then run_wrk "$cookie" "$BASE/ping" "$WARMUP" "$BENCH_TMP/warm-hello.txt"; fi

if [[ $hello != true ]]; then
    warn "La référence GET /api/v1/ping répond HTTP $hello_code au lieu de 200 : pas de ratio sans référence."
    exit 1
fi

# Rounds alternate the two endpoints, back to back: a slower moment of a shared machine weighs on both
# figures of its round instead of on one endpoint only; the medians are reported.
say "  mesure : $ROUNDS tours alternés de $DURATION par adresse…"
ME_RPS=()
HELLO_RPS=()
RATIOS=()
for ((i = 1; i <= ROUNDS; i++)); do
    run_wrk "$cookie" "$BASE/probe/notes" "$DURATION" "$BENCH_TMP/me-$i.txt"
    run_wrk "$cookie" "$BASE/ping" "$DURATION" "$BENCH_TMP/hello-$i.txt"
    me=$(parse_wrk "$BENCH_TMP/me-$i.txt")
    hello_figures=$(parse_wrk "$BENCH_TMP/hello-$i.txt")
    printf '  tour %d\n' "$i"
    report "preau  GET /probe/notes" "$me"
    report "bare-cxf  GET /ping" "$hello_figures"
    ME_RPS+=("${me%% *}")
    HELLO_RPS+=("${hello_figures%% *}")
    RATIOS+=("$(ratio "${me%% *}" "${hello_figures%% *}")")
done

me_rps=$(median "${ME_RPS[@]}")
hello_rps=$(median "${HELLO_RPS[@]}")
say "  médianes : preau $me_rps req/s, bare-cxf $hello_rps req/s ; ratios par tour : ${RATIOS[*]}"
say "  objectif : ratio >= 0.5"
say "ratio $(median "${RATIOS[@]}") (preau $me_rps req/s vs bare-cxf $hello_rps req/s, médianes de $ROUNDS tours)"
