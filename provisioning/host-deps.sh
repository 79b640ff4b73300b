#!/usr/bin/env bash
# Installs the Debian packages that building, testing and benchmarking Préau need on the
# host (Debian 12). Idempotent and quiet: when everything is present it only checks
# (dpkg-query, well under 2 s) and prints nothing.
#
# With --bench, also the peers that only the benchmarks run against (./preau bench dav and mail): nginx with
# WebDAV, Postfix (smtp-source included) and Dovecot (IMAP, LMTP). The tests never need them: ./preau test
# calls this script without --bench.
#
# Services: slapd, clamav-daemon, postgresql (and with --bench nginx, postfix, dovecot) are installed but never
# left running — the tests and benchmarks start their own instances. A temporary policy-rc.d forbids service start-up during the install;
# freshclam is not run (no network for virus definitions).
set -euo pipefail

log() { printf 'host-deps: %s\n' "$*" >&2; }

BENCH=false
for arg in "$@"; do
    case $arg in
    --bench) BENCH=true ;;
    *)
        log "unknown option: $arg (usage: host-deps.sh [--bench])"
        exit 2
        ;;
    esac
done

# Debian packages whose dpkg status is "install ok installed", one name a line.
installed_list() {
    dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null | awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1 }' || true
}

# Is a Java 17 JDK already available (any vendor)? Reads the JDK's release file rather
# than starting a JVM, to stay fast.
have_java17() {
    local j
    for j in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [[ -n "$j" && -x "$j/bin/javac" && -r "$j/release" ]] || continue
        if grep -q '^JAVA_VERSION="17[."]' "$j/release"; then
            return 0
        fi
    done
    return 1
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    log "this script needs Debian (dpkg/apt-get); install the packages listed in it by hand"
    exit 1
fi

missing=()

# Toolchain: only when the command (or a Java 17) is missing, so that a hand-installed
# JDK/Maven/curl is respected.
have_java17 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v curl >/dev/null 2>&1 || missing+=(curl)

# Peers and tools of the tests and benchmarks.
# debootstrap and lintian: the Debian package's cycle test (appliance-image/debian). davfs2: FilesIT mounts /dav/
# with it (where /dev/fuse and mounting are allowed).
wanted=(chromium slapd ldap-utils swaks python3 litmus davfs2 clamav-daemon wrk hyperfine postgresql debootstrap lintian)
# Benchmarks only: nginx-light has the http_dav_module (dav_methods), libnginx-mod-http-dav-ext adds PROPFIND;
# postfix brings smtp-source; dovecot-lmtpd is how the reference Postfix delivers into Dovecot's Maildirs.
bench_wanted=(nginx-light libnginx-mod-http-dav-ext postfix dovecot-imapd dovecot-lmtpd)
if [[ $BENCH == true ]]; then
    wanted+=("${bench_wanted[@]}")
fi
present=" $(installed_list "${wanted[@]}" | tr '\n' ' ') "
for pkg in "${wanted[@]}"; do
    [[ "$present" == *" $pkg "* ]] || missing+=("$pkg")
done

# Node/npm: only when absent (never downgrade a newer Node installed another way).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]} == 0)); then
    exit 0
fi

SUDO=()
if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        log "missing packages: ${missing[*]}"
        log "run this script as root (or install sudo) to install them"
        exit 1
    fi
fi

log "installing: ${missing[*]}"

export DEBIAN_FRONTEND=noninteractive

# Forbid service start-up while installing (restore any existing policy afterwards).
POLICY=/usr/sbin/policy-rc.d
policy_backup=""
restore_policy() {
    if [[ -n "$policy_backup" ]]; then
        "${SUDO[@]}" mv -f "$policy_backup" "$POLICY"
    else
        "${SUDO[@]}" rm -f "$POLICY"
    fi
}
if [[ -e "$POLICY" ]]; then
    policy_backup="$POLICY.preau-backup"
    "${SUDO[@]}" cp -p "$POLICY" "$policy_backup"
fi
trap restore_policy EXIT
printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
"${SUDO[@]}" chmod 755 "$POLICY"

# slapd: no configuration questions; the tests build their own directory.
if printf '%s\n' "${missing[@]}" | grep -qx slapd && command -v debconf-set-selections >/dev/null 2>&1; then
    printf 'slapd slapd/no_configuration boolean true\n' | "${SUDO[@]}" debconf-set-selections
fi
# postfix: no system mail configuration at all (no /etc/postfix/main.cf); the benchmark runs its own instance.
if printf '%s\n' "${missing[@]}" | grep -qx postfix && command -v debconf-set-selections >/dev/null 2>&1; then
    printf "postfix postfix/main_mailer_type select No configuration\n" | "${SUDO[@]}" debconf-set-selections
fi

apt_log="$(mktemp)"
apt_get() {
    if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" >"$apt_log" 2>&1; then
        log "apt-get $* failed:"
        tail -n 30 "$apt_log" >&2
        rm -f "$apt_log"
        exit 1
    fi
}
apt_get update -qq
apt_get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
rm -f "$apt_log"

# Leave no system slapd/clamd/PostgreSQL running nor starting at boot (best effort: no systemd in
# containers). The tests run their own.
# The benchmarks' peers only when this run installed them (an nginx or Postfix the host already ran is left alone).
services=(slapd clamav-daemon clamav-freshclam postgresql)
printf '%s\n' "${missing[@]}" | grep -qx nginx-light && services+=(nginx)
printf '%s\n' "${missing[@]}" | grep -qx postfix && services+=(postfix)
printf '%s\n' "${missing[@]}" | grep -qx dovecot-imapd && services+=(dovecot)
for svc in "${services[@]}"; do
    if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
        "${SUDO[@]}" systemctl disable --now "$svc" >/dev/null 2>&1 || true
    elif command -v service >/dev/null 2>&1; then
        "${SUDO[@]}" service "$svc" stop >/dev/null 2>&1 || true
    fi
done

log "done"
