# Shared helpers of the Préau benchmarks (sourced by boot.sh and api.sh; not run alone).
# Benchmarks are not tests: they print figures and a last line
#   ratio R (preau X unit vs REFERENCE Y unit)
# and never fail on a timing. They clean up every process and file they start (trap).
# shellcheck shell=bash

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
DEMO_PASSWORD="${PREAU_DEMO_PASSWORD:-Rostand-Preau-2026!}"
READY_TIMEOUT="${BENCH_READY_TIMEOUT:-180}"

say() { printf '%s\n' "$*"; }
warn() { printf 'bench : %s\n' "$*" >&2; }
die() {
    printf 'bench : %s\n' "$*" >&2
    exit 1
}

now() { date +%s.%N; }

# Seconds between two now() values, 2 decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Median of the numbers given as arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# a / b with 2 decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%.2f", a / b }'; }

need_tools() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 \
            || die "$t est introuvable. Installez les outils des tests et bancs d'essai : provisioning/host-deps.sh"
    done
}

# JAVA_HOME: keep a Java 17 one (./preau exports it), else find Debian's Java 17.
bench_java() {
    local j
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && grep -q '^JAVA_VERSION="17[.]' "$JAVA_HOME/release" 2>/dev/null; then
        export JAVA_HOME
        return 0
    fi
    for j in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*; do
        if [[ -x $j/bin/java ]] && grep -q '^JAVA_VERSION="17[.]' "$j/release" 2>/dev/null; then
            JAVA_HOME=$(readlink -f "$j")
            export JAVA_HOME
            return 0
        fi
    done
    die "Java 17 est introuvable (Karaf 4.4 en a besoin) : lancez provisioning/host-deps.sh ou indiquez JAVA_HOME."
}

# The Préau distribution tar.gz (./preau bench exports PREAU_DIST_TGZ after building it).
preau_tgz() {
    local f
    if [[ -n ${PREAU_DIST_TGZ:-} && -f $PREAU_DIST_TGZ ]]; then
        printf '%s\n' "$PREAU_DIST_TGZ"
        return 0
    fi
    f=$(find "$BENCH_ROOT/appliance-image/distribution/target" -maxdepth 1 -name 'preau-distribution-*.tar.gz' \
        -printf '%T@ %p\n' 2>/dev/null | sort -rn | head -n1 | cut -d' ' -f2-)
    [[ -n $f ]] || die "La distribution Préau est introuvable : lancez ./preau build."
    printf '%s\n' "$f"
}

port_busy() {
    if command -v ss >/dev/null 2>&1; then
        [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
        return
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_ports() {
    local p
    for p in "$@"; do
        if port_busy "$p"; then
            die "Le port $p est déjà utilisé : arrêtez ce qui l'occupe ou changez les ports du banc d'essai (variables BENCH_*_PORT)."
        fi
    done
}

# --- temp dir and processes, always cleaned up -------------------------------------------

BENCH_TMP=""
BENCH_PIDS=()

bench_init() {
    BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/preau-bench.XXXXXX")
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# Stops JVM $1 (SIGTERM, then SIGKILL after 30 s) and waits for it.
stop_jvm() {
    local pid=$1 n=150
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while ((n-- > 0)) && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
}

bench_cleanup() {
    local p
    for p in "${BENCH_PIDS[@]+"${BENCH_PIDS[@]}"}"; do
        stop_jvm "$p"
    done
    BENCH_PIDS=()
    if [[ -n $BENCH_TMP && -d $BENCH_TMP ]]; then rm -rf "$BENCH_TMP"; fi
}

# Pid of the Karaf JVM started by the launcher shell $1 (waits up to 15 s); fails when
# none. The launcher first runs "java -version", which must not be taken for Karaf.
java_child() {
    local sh=$1 n=0 pid
    while ((n++ < 150)); do
        for pid in $(pgrep -P "$sh" -x java 2>/dev/null || true); do
            if tr '\0' '\n' 2>/dev/null <"/proc/$pid/cmdline" | grep -qx 'org.apache.karaf.main.Main'; then
                printf '%s\n' "$pid"
                return 0
            fi
        done
        kill -0 "$sh" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

rss_mb() { ps -o rss= -p "$1" 2>/dev/null | awk '{ printf "%.0f", $1 / 1024 }'; }

# --- Préau ---------------------------------------------------------------------------------

# Unpacks the Préau distribution into $1 (its Karaf home).
unpack_preau() {
    mkdir -p "$1"
    tar -xzf "$(preau_tgz)" -C "$1" --strip-components=1
}

# Starts Préau in demo mode (or mode $4: normal): home $1, fresh data dir $2, port $3 (HTTPS on
# BENCH_HTTPS_PORT, default port + 1000; the benches speak plain HTTP on loopback). Sets
# LAUNCHER (the bin/karaf shell) and JVM (the java pid, also registered for clean-up).
start_preau() {
    local home=$1 data=$2 port=$3 mode=${4:-demo}
    mkdir -p "$data"
    # the mail module is a default module: its servers get ports of this box's own (unless the bench set them),
    # so that a bench box never meets a demo or another box on the default ones
    if [[ ! -f $home/etc/fr.preau.mail.cfg ]]; then
        printf 'bind = 127.0.0.1\nsmtp.port = %s\nsubmission.port = %s\nimap.port = %s\nsmarthost =\n' \
            $((port + 2000)) $((port + 2100)) $((port + 2200)) >"$home/etc/fr.preau.mail.cfg"
    fi
    PREAU_MODE="$mode" PREAU_DATA="$data" PREAU_HTTP_PORT="$port" PREAU_HTTPS_PORT="${BENCH_HTTPS_PORT:-$((port + 1000))}" \
        PREAU_DEMO_PASSWORD="$DEMO_PASSWORD" \
        "$home/bin/karaf" server >"$data/console.out" 2>&1 &
    LAUNCHER=$!
    JVM=$(java_child "$LAUNCHER") || {
        cat "$data/console.out" >&2 || true
        die "Préau n'a pas démarré (voir ci-dessus)."
    }
    BENCH_PIDS+=("$JVM")
}

# Does GET /api/v1/health on port $1 answer {"status":"UP",…}?
health_up() {
    local body
    body=$(curl -s --max-time 2 "http://127.0.0.1:$1/api/v1/health" 2>/dev/null || true)
    [[ $body =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]]
}

# HTTP code of the last login/me request (for messages).
export LAST_CODE=000
LAUNCHER=""
JVM=""
COOKIE=""

# Logs in as referent on port $1, cookie jar $2. Returns 0 on 200.
login_referent() {
    local port=$1 jar=$2 code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -c "$jar" \
        -H 'Content-Type: application/json' \
        --data "{\"login\":\"referent\",\"password\":\"$DEMO_PASSWORD\"}" \
        "http://127.0.0.1:$port/api/v1/auth/login" 2>/dev/null || true)
    LAST_CODE=$code
    [[ $code == 200 ]]
}

# GET /api/v1/me with the cookie jar $2 on port $1. Returns 0 on 200.
me_ok() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -b "$2" "http://127.0.0.1:$1/api/v1/me" 2>/dev/null || true)
    LAST_CODE=$code
    [[ $code == 200 ]]
}

# Does GET /api/v1/health on port $1 say the accounts are there: UP, or starting with no problem from the provisioning
# (the demo school and its passwords are in; modules may still be starting, see the admin bundle's BootReadiness)?
health_accounts_ready() {
    local body
    body=$(curl -s --max-time 2 "http://127.0.0.1:$1/api/v1/health" 2>/dev/null || true)
    [[ $body =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]] && return 0
    [[ $body == *'"problems"'* && $body != *'"provisioning:'* && $body != *'"store:'* ]]
}

# Waits until Préau (JVM $1, port $2) answers an authenticated GET /api/v1/me with 200
# (health UP first, so that early attempts do not count as failed logins against the
# throttle). Cookie jar $3. With $4 = accounts, waits only for the accounts (health_accounts_ready), not for the
# modules still starting: the boot bench's "first authenticated 200". Returns 1 on timeout, 2 when the JVM died.
wait_preau_authenticated() {
    local jvm=$1 port=$2 jar=$3 gate=${4:-up} t0=$SECONDS
    LAST_CODE=000
    while ! { if [[ $gate == accounts ]]; then health_accounts_ready "$port"; else health_up "$port"; fi; }; do
        kill -0 "$jvm" 2>/dev/null || return 2
        ((SECONDS - t0 < READY_TIMEOUT)) || return 1
        sleep 0.2
    done
    while true; do
        if login_referent "$port" "$jar" && me_ok "$port" "$jar"; then
            return 0
        fi
        kill -0 "$jvm" 2>/dev/null || return 2
        ((SECONDS - t0 < READY_TIMEOUT)) || return 1
        sleep 0.5
    done
}

# "Cookie: name=value" header from a curl cookie jar.
cookie_header() {
    awk -F'\t' 'NF >= 7 && $6 == "PREAU_SESSION" { print "Cookie: " $6 "=" $7; exit }' "$1"
}

# Starts the unpacked box $1 in demo mode (fresh data dir $2, port $3), waits for the referent's authenticated 200,
# then has the referent install the module $4 from the console (POST /api/v1/admin/modules/$4/install, for a module
# shipped but not installed at first boot; one the box already installed answers 409 and is fine). Sets JVM and COOKIE (the
# referent's "Cookie:" header); exits with a message when the box does not start or refuses the module.
start_demo_with_module() {
    local home=$1 data=$2 port=$3 module=$4 jar="$BENCH_TMP/referent-cookies" rc=0 csrf code
    start_preau "$home" "$data" "$port"
    printf '  démarrage de Préau'
    wait_preau_authenticated "$JVM" "$port" "$jar" || rc=$?
    printf '\n'
    if ((rc != 0)); then
        preau_failed "$data" "Préau n'a pas démarré ou n'a pas accepté la connexion du référent (dernière réponse : HTTP $LAST_CODE)."
        exit 1
    fi
    COOKIE=$(cookie_header "$jar")
    csrf=$(curl -s --max-time 5 -H "$COOKIE" "http://127.0.0.1:$port/api/v1/me" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')
    code=$(curl -s -o "$BENCH_TMP/install.json" -w '%{http_code}' --max-time 30 -X POST -H "$COOKIE" -H "X-CSRF-Token: $csrf" \
        -H 'Content-Type: application/json' --data '{}' "http://127.0.0.1:$port/api/v1/admin/modules/$module/install" || true)
    [[ $code == 202 || $code == 409 ]] || die "L'installation du module $module a échoué (HTTP $code) : $(cat "$BENCH_TMP/install.json")"
}

preau_failed() { # $1 data dir, $2 what
    warn "$2"
    if [[ -s $1/log/preau.log ]]; then
        warn "Fin du journal de Préau :"
        tail -n 20 "$1/log/preau.log" >&2
    fi
    if [[ -s $1/console.out ]]; then tail -n 10 "$1/console.out" >&2; fi
}

# Runs wrk on URL $2 with header $1 for duration $3 (THREADS, CONNECTIONS of the caller); output into file $4.
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

# Prints one wrk measure: $1 label, $2 figures from parse_wrk, $3 width of the label column (24).
report() {
    local rps p99 non2xx errs width=${3:-24}
    read -r rps p99 non2xx errs <<<"$2"
    printf '  %-*s %8s req/s   p99 %8s ms' "$width" "$1" "$rps" "$p99"
    if ((non2xx > 0 || errs > 0)); then
        printf '   (attention : %s réponses non 2xx, %s erreurs de socket)' "$non2xx" "$errs"
    fi
    printf '\n'
}
