#!/usr/bin/env bash
# Benchmark "boot": cold start of the Préau box versus the stock Apache Karaf 4.4.10.
#
#   Préau: fresh empty data dir, demo mode (so accounts exist), from launch to the first
#          authenticated 200 (POST /api/v1/auth/login as referent, then GET /api/v1/me), tried once
#          the health says the accounts are in (the modules may still be starting: the box is usable).
#   stock: apache-karaf-4.4.10.tar.gz (Maven Central), fresh data dir, from launch until
#          its SSH port accepts a TCP connection.
# Rounds alternate Préau / stock in the same run (BENCH_ROUNDS, default 3); reported:
# median seconds and RSS of the java process right after ready. Both JVMs get the same
# heap, GC and compiler options (those of Préau's bin/setenv, including its compiler
# directives lib/preau-compiler.json, which concern the OSGi framework both run) so that
# the figures compare the software, not JVM settings.
#
# Last line: ratio <preau/stock boot time> (preau X s vs stock-karaf Y s); goal <= 1.5.
# Ports (must be free): BENCH_PREAU_PORT (18181), BENCH_STOCK_SSH_PORT (18101),
# BENCH_STOCK_RMI_PORT (11099), BENCH_STOCK_RMI_SERVER_PORT (14444).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

ROUNDS="${BENCH_ROUNDS:-3}"
PREAU_PORT="${BENCH_PREAU_PORT:-18181}"
SSH_PORT="${BENCH_STOCK_SSH_PORT:-18101}"
RMI_PORT="${BENCH_STOCK_RMI_PORT:-11099}"
RMI_SERVER_PORT="${BENCH_STOCK_RMI_SERVER_PORT:-14444}"
KARAF_VERSION=4.4.10
JVM_HEAP="${PREAU_HEAP:-512m}"

need_tools curl tar awk ps pgrep
bench_java
bench_init
require_free_ports "$PREAU_PORT" "$SSH_PORT" "$RMI_PORT" "$RMI_SERVER_PORT"

# --- the stock Karaf distribution, through Maven -------------------------------------------

stock_tgz() {
    local repo f
    repo="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
    f="$repo/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz"
    if [[ -f $f ]]; then
        printf '%s\n' "$f"
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "Maven est introuvable : lancez provisioning/host-deps.sh"
    say "Téléchargement d'Apache Karaf $KARAF_VERSION (Maven)…" >&2
    mkdir -p "$BENCH_TMP/m2"
    (cd "$BENCH_TMP/m2" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz" -DoutputDirectory="$BENCH_TMP/m2" >&2) \
        || die "Impossible d'obtenir org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz par Maven."
    printf '%s\n' "$BENCH_TMP/m2/apache-karaf-$KARAF_VERSION.tar.gz"
}

unpack_stock() {
    local home=$1
    mkdir -p "$home"
    tar -xzf "$(stock_tgz)" -C "$home" --strip-components=1
    # Own ports, so that the benchmark never meets a Karaf already running here.
    sed -i "s/^sshPort *=.*/sshPort = $SSH_PORT/; s/^sshHost *=.*/sshHost = 127.0.0.1/" \
        "$home/etc/org.apache.karaf.shell.cfg"
    sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $RMI_PORT/; s/^rmiServerPort *=.*/rmiServerPort = $RMI_SERVER_PORT/" \
        "$home/etc/org.apache.karaf.management.cfg"
}

# --- one round each ----------------------------------------------------------------------

PREAU_TIMES=()
PREAU_RSS=()
STOCK_TIMES=()
STOCK_RSS=()

round_preau() {
    local i=$1
    local data="$BENCH_TMP/preau-data-$i" jar="$BENCH_TMP/cookies-$i" t0 t1 rc=0
    t0=$(now)
    PREAU_HEAP="$JVM_HEAP" start_preau "$BENCH_TMP/preau" "$data" "$PREAU_PORT"
    wait_preau_authenticated "$JVM" "$PREAU_PORT" "$jar" accounts || rc=$?
    t1=$(now)
    if ((rc != 0)); then
        if ((rc == 1)); then
            preau_failed "$data" "Préau n'a pas accepté la connexion du référent en $READY_TIMEOUT s (dernière réponse : HTTP $LAST_CODE)."
        else
            preau_failed "$data" "Préau s'est arrêté pendant le démarrage."
        fi
        exit 1
    fi
    PREAU_RSS+=("$(rss_mb "$JVM")")
    PREAU_TIMES+=("$(elapsed "$t0" "$t1")")
    printf '  tour %d  preau        %6s s  %5s MB\n' "$i" "${PREAU_TIMES[-1]}" "${PREAU_RSS[-1]}"
    stop_jvm "$JVM"
    wait "${LAUNCHER:?}" 2>/dev/null || true
}

round_stock() {
    local i=$1
    local data="$BENCH_TMP/stock-data-$i" t0 t1 launcher jvm s0=$SECONDS
    mkdir -p "$data"
    t0=$(now)
    KARAF_DATA="$data" EXTRA_JAVA_OPTS="-Xms128m -Xmx$JVM_HEAP -XX:+UseSerialGC $STOCK_COMPILER_OPTS" \
        "$BENCH_TMP/stock/bin/karaf" server >"$data/console.out" 2>&1 &
    launcher=$!
    jvm=$(java_child "$launcher") || {
        cat "$data/console.out" >&2 || true
        die "Karaf n'a pas démarré."
    }
    BENCH_PIDS+=("$jvm")
    until tcp_open "$SSH_PORT"; do
        if ! kill -0 "$jvm" 2>/dev/null; then
            tail -n 20 "$data/log/karaf.log" >&2 2>/dev/null || true
            die "Karaf s'est arrêté pendant le démarrage."
        fi
        if ((SECONDS - s0 > READY_TIMEOUT)); then
            die "Le port SSH $SSH_PORT de Karaf n'a pas répondu en $READY_TIMEOUT s."
        fi
        sleep 0.2
    done
    t1=$(now)
    STOCK_RSS+=("$(rss_mb "$jvm")")
    STOCK_TIMES+=("$(elapsed "$t0" "$t1")")
    printf '  tour %d  stock-karaf  %6s s  %5s MB\n' "$i" "${STOCK_TIMES[-1]}" "${STOCK_RSS[-1]}"
    stop_jvm "$jvm"
    wait "$launcher" 2>/dev/null || true
}

unpack_preau "$BENCH_TMP/preau"
unpack_stock "$BENCH_TMP/stock"
# the same compiler directives as Préau's bin/setenv gives its JVM (none with an older build)
STOCK_COMPILER_OPTS=""
if [[ -f $BENCH_TMP/preau/lib/preau-compiler.json ]]; then
    STOCK_COMPILER_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=$BENCH_TMP/preau/lib/preau-compiler.json"
fi
say "Banc d'essai « boot » : démarrage à froid, Préau (démo) contre Apache Karaf $KARAF_VERSION d'origine"
say "  tours alternés : $ROUNDS ; Java : $JAVA_HOME ; -Xmx$JVM_HEAP -XX:+UseSerialGC${STOCK_COMPILER_OPTS:+ et lib/preau-compiler.json} pour les deux"
say "  Préau : $(basename "$(preau_tgz)"), port $PREAU_PORT ; prêt = premier GET /api/v1/me authentifié en 200"
say "  Karaf : port SSH $SSH_PORT ; prêt = le port SSH accepte une connexion TCP"

for ((i = 1; i <= ROUNDS; i++)); do
    round_preau "$i"
    round_stock "$i"
done

preau_t=$(median "${PREAU_TIMES[@]}")
stock_t=$(median "${STOCK_TIMES[@]}")
preau_m=$(median "${PREAU_RSS[@]}")
stock_m=$(median "${STOCK_RSS[@]}")
say ""
say "médianes ($ROUNDS tours) :"
printf '  preau        %6s s  RSS %5s MB\n' "$preau_t" "$preau_m"
printf '  stock-karaf  %6s s  RSS %5s MB\n' "$stock_t" "$stock_m"
say "  objectif : ratio <= 1.5"
say "ratio $(ratio "$preau_t" "$stock_t") (preau $preau_t s vs stock-karaf $stock_t s)"
