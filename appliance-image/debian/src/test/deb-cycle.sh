#!/usr/bin/env bash
# The Debian package's life cycle in a throw-away Debian root, without systemd as PID 1:
#   install (apt-get install ./preau_….deb) → start the service as its unit would → health UP, set-up
#   mode → first-boot set-up → a backup to /mnt → stop → preau-restore (verify, refused, --force) → upgrade (dpkg -i, same content, higher version) → data and
#   settings kept → start → UP, the referent still logs in → stop → dpkg -r (data, settings, user
#   kept) → dpkg -P (all gone); and lintian on the package (errors and warnings fail).
#
# Usage: deb-cycle.sh PACKAGE.deb     (as root; Maven runs it in the verify phase of appliance-image/debian)
#
# The root is a debootstrap --variant=minbase of Debian 12 from the mirror this machine's apt uses, plus
# the package's dependencies; it is built once and cached as a tarball (PREAU_DEB_CACHE, default
# /var/cache/preau-deb-test), then unpacked afresh for every run. Everything runs in a private mount
# namespace: nothing stays mounted when the test ends.
#
# The service is started from the installed unit file itself: Type, User, Group, UMask, Environment,
# EnvironmentFile and ExecStart are read from it, and ProtectSystem=strict (+ ReadWritePaths),
# ProtectHome, PrivateTmp and NoNewPrivileges are reproduced with mounts and setpriv.
#
# Environment: PREAU_DEB_WORK (work dir), PREAU_REQUIRE_DEB=true (fail instead of skipping when root,
# debootstrap or lintian are missing), PREAU_DEB_MIRROR (override the mirror), PREAU_DEB_CACHE.
set -euo pipefail

DEB=$(readlink -f "${1:?usage: deb-cycle.sh PACKAGE.deb}")
WORK=$(realpath -m "${PREAU_DEB_WORK:-$(dirname "$DEB")/deb-cycle}")
REQUIRE=${PREAU_REQUIRE_DEB:-false}
CACHE=${PREAU_DEB_CACHE:-/var/cache/preau-deb-test}
SUITE=bookworm
# What the root holds besides minbase: the package's dependencies (installed beforehand, so that
# apt-get installs the package itself offline) and the tools of this test.
BASE_PACKAGES="openjdk-17-jre-headless adduser"
ROOT=$WORK/root
UNIT=/lib/systemd/system/preau.service
START_TIMEOUT=180

log() { printf 'deb-cycle: %s\n' "$*" >&2; }
fail() {
    log "FAILED: $*"
    exit 1
}
skip() {
    if [[ $REQUIRE == true ]]; then fail "$* (required here: -Dpreau.require.deb=true)"; fi
    log "skipped: $*"
    exit 0
}

# ---------------------------------------------------------------------------------------------
# Preconditions, then a private mount namespace for the whole test

if [[ -z ${PREAU_DEB_NS:-} ]]; then
    [[ -f $DEB ]] || fail "no package at $DEB"
    [[ $(id -u) == 0 ]] || skip "needs root (debootstrap, chroot, mounts)"
    for tool in debootstrap chroot unshare dpkg-deb curl lintian; do
        command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed (provisioning/host-deps.sh installs it)"
    done
    exec unshare --mount --propagation private env PREAU_DEB_NS=1 bash "${BASH_SOURCE[0]}" "$@"
fi

T0=$SECONDS
elapsed() { printf '%3ds' $((SECONDS - T0)); }
step() { log "$(elapsed) $*"; }

SERVICE_PID=""
LINTIAN_PID=""
cleanup() {
    if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then kill -KILL "$SERVICE_PID" 2>/dev/null || true; fi
    if [[ -n $LINTIAN_PID ]]; then kill "$LINTIAN_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# The Debian mirror this machine's apt uses for $SUITE (deb822 .sources and one-line .list files).
apt_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        awk -v suite="$SUITE" '
            function flush() { if (ok && uri != "" && !done) { print uri; done = 1 } ok = 0; uri = "" }
            /^[[:space:]]*$/ { flush(); next }
            /^Types:/ && !/deb([[:space:]]|$)/ { ok = -1 }
            /^URIs:/ { uri = $2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite && ok == 0) ok = 1 }
            /^Enabled:[[:space:]]*no/ { ok = -1 }
            END { flush() }' "$f"
    done
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\)[[:space:]]\+'"$SUITE"'[[:space:]].*/\2/p'
}
MIRROR=${PREAU_DEB_MIRROR:-$(apt_mirror | grep -E '^https?://' | head -n1 || true)}
[[ -n $MIRROR ]] || fail "no Debian mirror for $SUITE in /etc/apt/sources.list* (set PREAU_DEB_MIRROR)"

# ---------------------------------------------------------------------------------------------
# The throw-away root

mount_root() { # $1 root: what a chroot needs (inside this private namespace)
    mount -t proc proc "$1/proc"
    mount --rbind /dev "$1/dev"
}

pkg_field() { in_root dpkg-query -W -f="\${$1}" preau 2>/dev/null || true; } # $1 field of preau's dpkg status

in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

build_base() { # $1 tarball to write
    local build=$WORK/base-build
    step "building the base root: debootstrap $SUITE from $MIRROR, then $BASE_PACKAGES (cached afterwards)"
    rm -rf --one-file-system "$build"
    mkdir -p "$build" "$CACHE/debs"
    debootstrap --variant=minbase --cache-dir="$CACHE/debs" "$SUITE" "$build" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
        || { tail -n 30 "$WORK/debootstrap.log" >&2; fail "debootstrap failed (log: $WORK/debootstrap.log)"; }
    cp /etc/resolv.conf "$build/etc/resolv.conf"
    (
        mount_root "$build"
        # no service starts inside the root while installing
        printf '#!/bin/sh\nexit 101\n' >"$build/usr/sbin/policy-rc.d"
        chmod 755 "$build/usr/sbin/policy-rc.d"
        # shellcheck disable=SC2086  # the package list is words
        chroot "$build" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive sh -c "
            apt-get -q update && apt-get install -y -q --no-install-recommends $BASE_PACKAGES && apt-get clean" \
            >"$WORK/base-apt.log" 2>&1 || { tail -n 30 "$WORK/base-apt.log" >&2; exit 1; }
        umount -R "$build/dev" "$build/proc"
    ) || fail "installing $BASE_PACKAGES in the base root failed (log: $WORK/base-apt.log)"
    : >"$build/etc/resolv.conf"
    tar -C "$build" -cf "$1.tmp" .
    mv "$1.tmp" "$1"
    rm -rf --one-file-system "$build"
}

mkdir -p "$WORK" "$CACHE"
key=$(printf '%s\n' "$SUITE" "$MIRROR" "$BASE_PACKAGES" 2 | sha256sum | cut -c1-16)
BASE_TAR=$CACHE/base-$SUITE-$key.tar
[[ -s $BASE_TAR ]] || build_base "$BASE_TAR"

# lintian meanwhile (one core; the box's first boot takes the other)
lintian --tag-display-limit 0 --fail-on error,warning --display-info "$DEB" >"$WORK/lintian.log" 2>&1 &
LINTIAN_PID=$!

step "unpacking a fresh root from $(basename "$BASE_TAR")"
rm -rf --one-file-system "$ROOT"
mkdir -p "$ROOT"
tar -C "$ROOT" -xf "$BASE_TAR"
mount_root "$ROOT"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$ROOT/etc/hosts"

# ---------------------------------------------------------------------------------------------
# The unit file, read as systemd would (the subset preau.service uses; anything else fails here)

unit_values() { # $1 key: its values in [Service], one a line
    awk -v key="$1" '
        /^\[/ { section = $0; next }
        section == "[Service]" && index($0, key "=") == 1 { print substr($0, length(key) + 2) }' "$ROOT$UNIT"
}
unit_value() { unit_values "$1" | tail -n1; }

# The service's environment, one NAME=value a line: Environment= (one assignment per line, or one quoted
# assignment), then EnvironmentFile= (which overrides it, as in systemd).
service_env() {
    local line file optional
    while IFS= read -r line; do
        if [[ $line == \"*\" ]]; then
            line=${line#\"}
            printf '%s\n' "${line%\"}"
        elif [[ $line == *[[:space:]\"\']* ]]; then
            fail "unsupported Environment= syntax in $UNIT: $line"
        else
            printf '%s\n' "$line"
        fi
    done < <(unit_values Environment)
    while IFS= read -r file; do
        optional=false
        if [[ $file == -* ]]; then optional=true; file=${file#-}; fi
        if [[ ! -f $ROOT$file ]]; then
            [[ $optional == true ]] || fail "EnvironmentFile $file is missing"
            continue
        fi
        sed -n -e 's/^[[:space:]]*//' -e '/^#/d' -e '/^[A-Za-z_][A-Za-z0-9_]*=/p' "$ROOT$file" \
            | sed -e 's/^\([^=]*\)="\(.*\)"$/\1=\2/' -e "s/^\\([^=]*\\)='\\(.*\\)'\$/\\1=\\2/"
    done < <(unit_values EnvironmentFile)
}

# Starts the service the way its unit would; sets SERVICE_PID (the main process: Type=simple).
start_service() { # $1 name of this start (for its "journal")
    local type user group umask exec_start journal=$WORK/journal-$1.log
    type=$(unit_value Type)
    [[ $type == simple ]] || fail "the test starts Type=simple units only, not '$type'"
    user=$(unit_value User)
    group=$(unit_value Group)
    umask=$(unit_value UMask)
    exec_start=$(unit_value ExecStart)
    [[ -n $user && -n $group && -n $exec_start ]] || fail "User, Group and ExecStart must be set in $UNIT"
    [[ $exec_start =~ ^/[^[:space:]\"\'\$]+([[:space:]]+[^[:space:]\"\'\$]+)*$ ]] \
        || fail "unsupported ExecStart= syntax in $UNIT: $exec_start"
    [[ $(unit_value ProtectSystem) == strict ]] || fail "expected ProtectSystem=strict in $UNIT"
    local -a env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "HOME=$(getent_root passwd "$user" 6)"
        "USER=$user" "LOGNAME=$user" "SHELL=$(getent_root passwd "$user" 7)")
    local -a rw=()
    local line p
    while IFS= read -r line; do env+=("$line"); done < <(service_env)
    # "-path": ignored when missing, as systemd does
    for p in $(unit_values ReadWritePaths); do
        if [[ $p == -* ]]; then
            [[ -d $ROOT${p#-} ]] && rw+=("${p#-}")
        else
            rw+=("$p")
        fi
    done
    # A mount namespace of its own, as systemd gives the unit: ProtectSystem=strict (the whole root
    # read-only but ReadWritePaths), PrivateTmp, ProtectHome. Every step execs the next: the main
    # process ends up being the JVM, as under systemd.
    # shellcheck disable=SC2016  # expanded by the inner bash
    local inner='
        set -e
        mount --rbind "$S_ROOT" "$S_ROOT"
        for p in $S_RW; do mount --bind "$S_ROOT$p" "$S_ROOT$p"; done
        mount -t tmpfs -o mode=1777 tmpfs "$S_ROOT/tmp"
        mount -t tmpfs -o mode=1777 tmpfs "$S_ROOT/var/tmp"
        mount -t tmpfs -o ro,mode=755 tmpfs "$S_ROOT/home"
        mount -t tmpfs -o ro,mode=700 tmpfs "$S_ROOT/root"
        mount -o remount,bind,ro "$S_ROOT"
        umask "$S_UMASK"
        exec chroot "$S_ROOT" /usr/bin/setpriv --reuid="$S_USER" --regid="$S_GROUP" --init-groups --no-new-privs \
            --inh-caps=-all --bounding-set=-all -- /usr/bin/env -i "$@"'
    # shellcheck disable=SC2086  # ExecStart is words
    S_ROOT=$ROOT S_RW="${rw[*]}" S_UMASK=${umask:-0022} S_USER=$user S_GROUP=$group \
        unshare --mount --propagation private bash -c "$inner" service "${env[@]}" $exec_start \
        >"$journal" 2>&1 </dev/null &
    SERVICE_PID=$!
}

getent_root() { # $1 database, $2 key, $3 field (inside the root)
    chroot "$ROOT" getent "$1" "$2" | cut -d: -f"$3"
}

# Stops it as systemd would: SIGTERM to the main process, SIGKILL after TimeoutStopSec; checks the exit status.
stop_service() {
    local timeout rc=0 ok
    timeout=$(unit_value TimeoutStopSec)
    kill -TERM "$SERVICE_PID"
    local n=0
    while kill -0 "$SERVICE_PID" 2>/dev/null && ((n++ < ${timeout:-90} * 5)); do sleep 0.2; done
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill -KILL "$SERVICE_PID"
        wait "$SERVICE_PID" || true
        fail "the box did not stop within TimeoutStopSec (${timeout:-90} s) of SIGTERM"
    fi
    wait "$SERVICE_PID" || rc=$?
    ok=" 0 $(unit_value SuccessExitStatus) "
    [[ $ok == *" $rc "* ]] || fail "the box exited with status $rc on SIGTERM (SuccessExitStatus: $(unit_value SuccessExitStatus))"
    SERVICE_PID=""
}

PORT=""
pick_port() {
    local p
    for p in $(seq 18190 18199); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; return 0; fi
    done
    fail "no free port in 18190-18199"
}

api() { # METHOD PATH [JSON]: prints the body, then the HTTP code on the last line
    local -a data=()
    if (($# > 2)); then data=(-H 'Content-Type: application/json' --data-binary @-); fi
    curl -sS --max-time 10 -X "$1" "${data[@]}" -w '\n%{http_code}' "http://127.0.0.1:$PORT/api/v1$2" <<<"${3:-}"
}
code_of() { tail -n1 <<<"$1"; }

wait_up() { # $1 journal name
    local t0=$SECONDS out
    while ((SECONDS - t0 < START_TIMEOUT)); do
        kill -0 "$SERVICE_PID" 2>/dev/null || { tail -n 40 "$WORK/journal-$1.log" >&2; fail "the box exited while starting"; }
        out=$(api GET /health 2>/dev/null || true)
        if [[ $(code_of "$out") == 200 && $out == *'"status":"UP"'* ]]; then return 0; fi
        sleep 1
    done
    tail -n 40 "$WORK/journal-$1.log" >&2
    tail -n 40 "$ROOT/var/log/preau/preau.log" >&2 || true
    fail "health not UP within $START_TIMEOUT s (last answer: $(tail -n1 <<<"${out:-none}"))"
}

assert_owner() { # path user mode (the user as the root's passwd knows it)
    local got want
    want="$(getent_root passwd "$2" 3) $3"
    got=$(stat -c '%u %a' "$ROOT$1" 2>/dev/null) || fail "$1 is missing"
    [[ $got == "$want" ]] || fail "$1: expected owner $2 and mode $3 ($want), found $got"
}

# ---------------------------------------------------------------------------------------------
# The cycle

VERSION=$(dpkg-deb -f "$DEB" Version)
step "install $(basename "$DEB") with apt-get"
mkdir -p "$ROOT/var/cache/preau-test"
cp "$DEB" "$ROOT/var/cache/preau-test/"
in_root apt-get install -y -q --no-install-recommends "/var/cache/preau-test/$(basename "$DEB")" \
    >"$WORK/install.log" 2>&1 </dev/null || { tail -n 30 "$WORK/install.log" >&2; fail "apt-get install failed"; }
[[ "$(pkg_field Status) $(pkg_field Version)" == "install ok installed $VERSION" ]] || fail "preau is not installed"
uid=$(getent_root passwd preau 3)
if [[ -z $uid ]] || ((uid >= 1000)); then fail "no system user preau (uid '$uid')"; fi
[[ $(getent_root passwd preau 7) == /usr/sbin/nologin ]] || fail "the user preau can log in"
assert_owner /var/lib/preau preau 750
assert_owner /var/log/preau preau 750
[[ $(pkg_field Conffiles) == *" /etc/preau/preau.conf "* ]] || fail "/etc/preau/preau.conf is not a conffile"
[[ -L $ROOT/etc/systemd/system/multi-user.target.wants/preau.service ]] || fail "preau.service is not enabled"
[[ ! -e $ROOT/usr/share/preau/data ]] || fail "the package ships a data dir under /usr/share/preau"

# The unit's hardening as systemd rates it (0 = locked down, 10 = exposed): 2.0 at most ("OK").
if command -v systemd-analyze >/dev/null 2>&1; then
    step "systemd-analyze security of the installed unit"
    systemd-analyze security --offline=true --root="$ROOT" --threshold=20 preau.service >"$WORK/security.log" 2>&1 \
        || { tail -n 5 "$WORK/security.log" >&2; fail "the unit's exposure level is above 2.0 (log: $WORK/security.log)"; }
    log "  $(grep -o 'Overall exposure level for preau.service: [0-9.]* [A-Z]*' "$WORK/security.log")"
else
    log "skipped: systemd-analyze security (no systemd-analyze on this machine)"
fi

# A port of our own (other boxes may run on this machine): a referent's change to the conffile.
pick_port
sed -i "s/^PREAU_HTTP_PORT=.*/PREAU_HTTP_PORT=$PORT/" "$ROOT/etc/preau/preau.conf"
PORT_TLS=$((PORT + 10))
! (exec 3<>"/dev/tcp/127.0.0.1/$PORT_TLS") 2>/dev/null || fail "port $PORT_TLS (HTTPS) is busy"
sed -i "s/^PREAU_HTTPS_PORT=.*/PREAU_HTTPS_PORT=$PORT_TLS/" "$ROOT/etc/preau/preau.conf"

step "start the service as its unit would (port $PORT)"
start_service first
wait_up first
step "health UP"
# HTTPS with the certificate the box made at its first start, kept in the data dir for the box's user only
code=$(curl -sk --max-time 10 -o /dev/null -w '%{http_code}' "https://127.0.0.1:$PORT_TLS/api/v1/health" || true)
[[ $code == 200 ]] || fail "HTTPS on port $PORT_TLS answered '$code', expected 200"
[[ $(stat -c '%u %a' "$ROOT/var/lib/preau/preau/tls/keystore.p12") == "$uid 600" ]] \
    || fail "the box's keystore is not private to preau (uid $uid): $(stat -c '%u %a' "$ROOT/var/lib/preau/preau/tls/keystore.p12")"
status=$(awk '/^Uid:/ { print $2 } /^NoNewPrivs:/ { print $2 }' "/proc/$SERVICE_PID/status" | paste -sd' ')
[[ $status == "$uid 1" ]] || fail "the box runs as uid/NoNewPrivs '$status', expected '$uid 1'"
[[ $(readlink "/proc/$SERVICE_PID/exe") == */java ]] || fail "the main process is not the JVM (Type=simple needs ExecStart to become Java)"
out=$(api GET /setup)
[[ $(code_of "$out") == 200 && $out == *'"required":true'* ]] || fail "an empty data dir must start in set-up mode: $out"
assert_owner /var/lib/preau/preau/setup-token preau 600
[[ -s $ROOT/var/log/preau/preau.log ]] || fail "no /var/log/preau/preau.log"
[[ ! -e $ROOT/var/lib/preau/log ]] || fail "logs written under /var/lib/preau/log"
grep -q 'Première mise en service' "$WORK/journal-first.log" || fail "the set-up code is not on the service's output (journal)"

step "first-boot set-up, then the referent logs in"
token=$(tr -d '[:space:]' <"$ROOT/var/lib/preau/preau/setup-token")
password="Cycle-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-9a"
out=$(api POST /setup "{\"token\":\"$token\",\"uai\":\"0999999Z\",\"schoolName\":\"Collège du paquet\",\"referentPassword\":\"$password\"}")
[[ $(code_of "$out") == 201 ]] || fail "set-up refused: HTTP $(code_of "$out")"
login="{\"login\":\"referent\",\"password\":\"$password\"}"
[[ $(code_of "$(api POST /auth/login "$login")") == 200 ]] || fail "the referent cannot log in after the set-up"
marker=$(cat "$ROOT/var/lib/preau/preau/real-school")

step "a backup onto a disk mounted under /mnt (the unit lets the box write there)"
mkdir -p "$ROOT/mnt/sauvegardes"
chroot "$ROOT" chown preau:preau /mnt/sauvegardes
jar=$WORK/cookies
rm -f "$jar"
out=$(curl -sS --max-time 10 -c "$jar" -H 'Content-Type: application/json' --data-binary "$login" -w '\n%{http_code}' \
    "http://127.0.0.1:$PORT/api/v1/auth/login")
[[ $(code_of "$out") == 200 ]] || fail "the referent cannot log in for the backup"
csrf=$(grep -o '"csrfToken":"[^"]*"' <<<"$out" | cut -d'"' -f4)
session() { # METHOD PATH [JSON]: with the referent's session; prints the body, then the HTTP code
    local -a data=()
    if (($# > 2)); then data=(-H 'Content-Type: application/json' --data-binary @-); fi
    curl -sS --max-time 10 -b "$jar" -H "X-CSRF-Token: $csrf" -X "$1" "${data[@]}" -w '\n%{http_code}' \
        "http://127.0.0.1:$PORT/api/v1$2" <<<"${3:-}"
}
out=$(session PUT /admin/backups/settings '{"folder":"/mnt/sauvegardes","hour":2,"keepDaily":7,"keepWeekly":4}')
[[ $(code_of "$out") == 200 ]] || fail "the backup folder /mnt/sauvegardes is refused: $out"
out=$(session POST /admin/backups)
[[ $(code_of "$out") == 202 ]] || fail "the backup did not start: $out"
t0=$SECONDS
archive=""
while ((SECONDS - t0 < 120)); do
    archive=$(find "$ROOT/mnt/sauvegardes" -maxdepth 1 -name 'preau-0999999Z-*.tar' | head -n1)
    [[ -n $archive ]] && break
    sleep 1
done
[[ -n $archive ]] || fail "no archive in /mnt/sauvegardes after 120 s: $(session GET /admin/backups)"
archive=/mnt/sauvegardes/$(basename "$archive")

step "stop (SIGTERM)"
stop_service
[[ -d $ROOT/var/lib/preau/cache ]] || fail "no Karaf cache in /var/lib/preau/cache after a run"

step "preau-restore: verify, refuse a data folder in use, then restore with --force"
in_root preau-restore --verifier "$archive" >"$WORK/restore-verify.log" 2>&1 \
    || { cat "$WORK/restore-verify.log" >&2; fail "preau-restore --verifier refused a good archive"; }
grep -q '^Sauvegarde intacte' "$WORK/restore-verify.log" || fail "preau-restore --verifier said: $(cat "$WORK/restore-verify.log")"
rc=0
in_root preau-restore "$archive" >"$WORK/restore-refused.log" 2>&1 || rc=$?
((rc == 5)) || { cat "$WORK/restore-refused.log" >&2; fail "preau-restore over existing data: exit $rc, expected 5"; }
grep -q 'sudo preau-restore --force' "$WORK/restore-refused.log" || fail "the refusal does not say how to go on"
in_root preau-restore --force "$archive" >"$WORK/restore.log" 2>&1 || { cat "$WORK/restore.log" >&2; fail "preau-restore --force failed"; }
[[ $(cat "$ROOT/var/lib/preau/preau/real-school") == "$marker" ]] || fail "the restored data is not the school's"
[[ -z $(find "$ROOT/var/lib/preau" ! -user "$uid" -print -quit) ]] || fail "preau-restore left files not owned by preau"
ls -d "$ROOT"/var/lib/preau/preau.avant-restauration-* >/dev/null 2>&1 || fail "--force did not keep the former data aside"

step "upgrade with dpkg -i (same content, higher version)"
V2="$VERSION.1"
dpkg --compare-versions "$V2" gt "$VERSION" || fail "$V2 is not newer than $VERSION"
rm -rf "$WORK/repack"
dpkg-deb -R "$DEB" "$WORK/repack"
sed -i "s/^Version: .*/Version: $V2/" "$WORK/repack/DEBIAN/control"
dpkg-deb -Zgzip -z1 -b "$WORK/repack" "$ROOT/var/cache/preau-test/preau_${V2}_all.deb" >/dev/null
rm -rf "$WORK/repack"
in_root dpkg -i "/var/cache/preau-test/preau_${V2}_all.deb" >"$WORK/upgrade.log" 2>&1 </dev/null \
    || { tail -n 30 "$WORK/upgrade.log" >&2; fail "dpkg -i of the newer version failed"; }
[[ "$(pkg_field Status) $(pkg_field Version)" == "install ok installed $V2" ]] || fail "the upgrade did not install $V2"
grep -qx "PREAU_HTTP_PORT=$PORT" "$ROOT/etc/preau/preau.conf" || fail "the upgrade lost the change to /etc/preau/preau.conf"
[[ ! -e $ROOT/var/lib/preau/cache ]] || fail "the upgrade kept Karaf's cache (the new bundles would not be installed)"
[[ $(cat "$ROOT/var/lib/preau/preau/real-school") == "$marker" ]] || fail "the upgrade changed the school's data"

step "start the upgraded box"
start_service second
wait_up second
step "health UP"
out=$(api GET /setup)
[[ $out == *'"required":false'* ]] || fail "the upgraded box asks for its set-up again: $out"
[[ $(code_of "$(api POST /auth/login "$login")") == 200 ]] || fail "the referent cannot log in after the upgrade (data lost?)"
step "stop"
stop_service

if grep -rqF -- "$password" "$ROOT/var/log/preau" "$ROOT/var/lib/preau" "$WORK"/journal-*.log 2>/dev/null; then
    fail "the referent's password was written to a log or a data file"
fi

step "dpkg -r: the program goes, data, logs, settings and user stay"
in_root dpkg -r preau >"$WORK/remove.log" 2>&1 </dev/null || { tail -n 30 "$WORK/remove.log" >&2; fail "dpkg -r failed"; }
[[ $(pkg_field Status) == "deinstall ok config-files" ]] || fail "preau is not in config-files state"
[[ ! -e $ROOT/usr/share/preau && ! -e $ROOT$UNIT ]] || fail "dpkg -r left the program or the unit"
[[ $(cat "$ROOT/var/lib/preau/preau/real-school" 2>/dev/null) == "$marker" ]] || fail "dpkg -r removed the data"
[[ -s $ROOT/var/log/preau/preau.log ]] || fail "dpkg -r removed the logs"
grep -qx "PREAU_HTTP_PORT=$PORT" "$ROOT/etc/preau/preau.conf" || fail "dpkg -r removed the settings"
[[ -n $(getent_root passwd preau 3) ]] || fail "dpkg -r removed the user"

step "dpkg -P: everything goes"
in_root dpkg -P preau >"$WORK/purge.log" 2>&1 </dev/null || { tail -n 30 "$WORK/purge.log" >&2; fail "dpkg -P failed"; }
status=$(pkg_field Status)
[[ -z $status || $status == "unknown ok not-installed" ]] || fail "preau is still known to dpkg after the purge ($status)"
for p in /var/lib/preau /var/log/preau /etc/preau /etc/systemd/system/multi-user.target.wants/preau.service; do
    [[ ! -e $ROOT$p && ! -L $ROOT$p ]] || fail "dpkg -P left $p"
done
[[ -z $(getent_root passwd preau 1) && -z $(getent_root group preau 1) ]] || fail "dpkg -P left the user or group preau"

step "lintian"
rc=0
wait "$LINTIAN_PID" || rc=$?
LINTIAN_PID=""
if ((rc != 0)); then
    grep -E '^[EW]:' "$WORK/lintian.log" >&2 || tail -n 20 "$WORK/lintian.log" >&2
    fail "lintian reports errors or warnings (log: $WORK/lintian.log)"
fi
umount -R "$ROOT/dev" "$ROOT/proc" && rm -rf --one-file-system "$ROOT"
step "passed: install, start, health UP, set-up, backup, stop, restore, upgrade, data kept, remove, purge; lintian clean"
