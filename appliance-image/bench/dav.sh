#!/usr/bin/env bash
# Benchmark "dav": WebDAV throughput of the files module (/dav/, issue 8) versus Debian's nginx with its DAV
# module (dav_methods, dav_ext for PROPFIND), same run, same files, same client.
#
# Préau: its own demo box (temp data dir, own port); etc/fr.preau.files.cfg is written into the unpacked box before
# it starts, raising the teacher's quota (quota.enseignant.mb, BENCH_DAV_QUOTA_MB, 8192) and the largest file
# (max.file.mb, 1024); then the referent installs preau-files from the console (POST
# /api/v1/admin/modules/preau-files/install, in case the box did not install it at its first boot) and the demo
# teacher julien.dumas writes into « Mes documents » with his box password over HTTP Basic. Plain HTTP on the
# loopback: the box accepts Basic there (as litmus in FilesIT does), so nginx is reached over plain HTTP too (no TLS
# on either side; both pay the same Basic check: nginx has auth_basic with an htpasswd made here).
# nginx: a master and 2 workers (the machine's cores), config, root folder and temp folders in the bench's temp
# dir, on another loopback port. nginx writes without fsync; Préau writes each file to a temp file, fsyncs it,
# renames it and commits its metadata in Derby (issue 8's "atomic writes"): that is part of what is measured.
#
# Client: DavLoad (dav-client/, compiled here with the JDK; Java HttpClient, HTTP/1.1), the same for both servers:
# BENCH_DAV_WORKERS (8) concurrent workers, PUT of every file into a fresh folder, then GET of every file, each
# checked (201/204 for a PUT; for a GET 200, the exact size and every byte); a failed transfer stops the bench.
# Cases: BENCH_DAV_BIG (100) files of 10 MB (10,000,000 bytes) and BENCH_DAV_SMALL (5000) of 10 KB (10,000 bytes),
# after a short warm-up of both servers (BENCH_DAV_WARMUP small files and 5 big ones, not measured). Each case is
# run on Préau then on nginx, back to back.
#
# Prints MB/s and files/s of both for PUT and GET of each size and their ratios; the last line:
#   ratio R (preau X MB/s vs nginx Y MB/s, big files PUT+GET)   (goal >= 0.7)
# where X and Y are the bytes of the big files' PUTs and GETs over their time.
# Settings: BENCH_PREAU_PORT (18188), BENCH_NGINX_PORT (18189), the counts above; BENCH_DAV_JAVA_OPTS adds options to
# the box's JVM (a JFR recording: -XX:StartFlightRecording=filename=/tmp/dav.jfr,settings=profile,dumponexit=true). Peers: nginx-light and
# libnginx-mod-http-dav-ext (provisioning/host-deps.sh --bench installs them; the tests never need them).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PORT="${BENCH_PREAU_PORT:-18188}"
NGINX_PORT="${BENCH_NGINX_PORT:-18189}"
WORKERS="${BENCH_DAV_WORKERS:-8}"
BIG="${BENCH_DAV_BIG:-100}"
SMALL="${BENCH_DAV_SMALL:-5000}"
WARMUP="${BENCH_DAV_WARMUP:-300}"
QUOTA_MB="${BENCH_DAV_QUOTA_MB:-8192}"
BIG_SIZE=10000000
SMALL_SIZE=10000
TEACHER=julien.dumas
NGINX_PASSWORD="Banc-nginx-2026!"
NGINX_DAV_MODULE=/usr/lib/nginx/modules/ngx_http_dav_ext_module.so

need_tools curl tar awk openssl
if ! command -v nginx >/dev/null 2>&1 || [[ ! -f $NGINX_DAV_MODULE ]]; then
    die "nginx avec son module WebDAV est introuvable : lancez provisioning/host-deps.sh --bench (paquets nginx-light, libnginx-mod-http-dav-ext)."
fi
bench_java
bench_init
require_free_ports "$PORT" "$NGINX_PORT" "${BENCH_HTTPS_PORT:-$((PORT + 1000))}"

say "Banc d'essai « dav » : WebDAV de Préau (/dav/, module preau-files) contre nginx (dav_methods), $WORKERS clients simultanés"
say "  $BIG fichiers de 10 Mo et $SMALL fichiers de 10 Ko, PUT puis GET (tailles et contenus vérifiés) ; Préau sur le port $PORT, nginx sur le port $NGINX_PORT, HTTP sur la boucle locale"

# --- the client ------------------------------------------------------------------------------------
mkdir -p "$BENCH_TMP/client"
"$JAVA_HOME/bin/javac" -nowarn -d "$BENCH_TMP/client" \
    "$BENCH_ROOT/appliance-image/bench/dav-client/fr/preau/benchdav/DavLoad.java" \
    || die "Le client du banc (dav-client/) ne compile pas."

# load URL LOGIN PASSWORD COUNT SIZE: runs the client; sets R to "put_files put_bytes put_s get_files get_bytes get_s".
R=""
load() {
    local out="$BENCH_TMP/load.txt"
    "$JAVA_HOME/bin/java" -Xmx512m -cp "$BENCH_TMP/client" fr.preau.benchdav.DavLoad "$1" "$2" "$3" "$4" "$5" "$WORKERS" >"$out" \
        || die "Le banc s'arrête : un transfert a échoué (voir ci-dessus)."
    R=$(awk '$1 == "RESULT" { printf "%s %s %s ", $3, $4, $5 }' "$out")
}

# --- nginx -----------------------------------------------------------------------------------------
ngx="$BENCH_TMP/nginx"
mkdir -p "$ngx/root" "$ngx/tmp/body" "$ngx/tmp/proxy" "$ngx/tmp/fastcgi" "$ngx/tmp/uwsgi" "$ngx/tmp/scgi"
printf 'bench:%s\n' "$(openssl passwd -apr1 "$NGINX_PASSWORD")" >"$ngx/htpasswd"
user_line=""
if [[ $(id -u) == 0 ]]; then user_line="user root root;"; fi
cat >"$ngx/nginx.conf" <<CONF
$user_line
load_module $NGINX_DAV_MODULE;
worker_processes 2;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $ngx/tmp/body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        client_max_body_size 1g;
        location / {
            root $ngx/root;
            auth_basic "bench";
            auth_basic_user_file $ngx/htpasswd;
            dav_methods PUT DELETE MKCOL COPY MOVE;
            dav_ext_methods PROPFIND OPTIONS;
            create_full_put_path on;
            dav_access user:rw group:r all:r;
        }
    }
}
CONF
nginx -c "$ngx/nginx.conf" -p "$ngx" -g 'daemon off;' >"$ngx/console.out" 2>&1 &
BENCH_PIDS+=("$!")

# --- Préau -----------------------------------------------------------------------------------------
unpack_preau "$BENCH_TMP/preau"
cat >"$BENCH_TMP/preau/etc/fr.preau.files.cfg" <<CFG
quota.enseignant.mb = $QUOTA_MB
max.file.mb = 1024
CFG
if [[ -n ${BENCH_DAV_JAVA_OPTS:-} ]]; then export EXTRA_JAVA_OPTS="$BENCH_DAV_JAVA_OPTS"; fi
data="$BENCH_TMP/data"
start_demo_with_module "$BENCH_TMP/preau" "$data" "$PORT" preau-files
PREAU_DAV="http://127.0.0.1:$PORT/dav/Mes%20documents"
printf '  installation du module preau-files'
for _ in $(seq 1 240); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X PROPFIND -H 'Depth: 0' -u "$TEACHER:$DEMO_PASSWORD" "$PREAU_DAV/" || true)
    [[ $code == 207 ]] && break
    printf '.'
    sleep 0.5
done
printf '\n'
[[ $code == 207 ]] || die "WebDAV de Préau ne répond pas (PROPFIND $PREAU_DAV/ : HTTP $code)."
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X PROPFIND -H 'Depth: 0' -u "bench:$NGINX_PASSWORD" "http://127.0.0.1:$NGINX_PORT/" || true)
[[ $code == 207 ]] || { cat "$ngx/console.out" "$ngx/error.log" >&2 2>/dev/null || true; die "nginx ne répond pas en WebDAV (PROPFIND : HTTP $code)."; }

preau() { load "$PREAU_DAV/$1/" "$TEACHER" "$DEMO_PASSWORD" "$2" "$3"; }
nginx_load() { load "http://127.0.0.1:$NGINX_PORT/$1/" bench "$NGINX_PASSWORD" "$2" "$3"; }

say "  échauffement ($WARMUP petits fichiers et 5 gros par serveur, non mesuré)…"
preau warmup-small "$WARMUP" "$SMALL_SIZE"
preau warmup-big 5 "$BIG_SIZE"
nginx_load warmup-small "$WARMUP" "$SMALL_SIZE"
nginx_load warmup-big 5 "$BIG_SIZE"

# line OP LABEL preau_files preau_bytes preau_s nginx_files nginx_bytes nginx_s: one printed comparison.
line() {
    awk -v op="$1" -v label="$2" -v pf="$3" -v pb="$4" -v ps="$5" -v nf="$6" -v nb="$7" -v ns="$8" 'BEGIN {
        pm = pb / ps / 1e6; nm = nb / ns / 1e6
        printf "%s %s: preau %.1f MB/s vs nginx %.1f MB/s (ratio %.2f) ; %.0f vs %.0f fichiers/s\n",
            op, label, pm, nm, pm / nm, pf / ps, nf / ns }'
}

say "  mesure : $BIG × 10 Mo…"
preau big "$BIG" "$BIG_SIZE"
read -r bpf bpb bps bgf bgb bgs <<<"$R"
nginx_load big "$BIG" "$BIG_SIZE"
read -r bnpf bnpb bnps bngf bngb bngs <<<"$R"
say "  mesure : $SMALL × 10 Ko…"
preau small "$SMALL" "$SMALL_SIZE"
read -r spf spb sps sgf sgb sgs <<<"$R"
nginx_load small "$SMALL" "$SMALL_SIZE"
read -r snpf snpb snps sngf sngb sngs <<<"$R"

line PUT 10MB "$bpf" "$bpb" "$bps" "$bnpf" "$bnpb" "$bnps"
line GET 10MB "$bgf" "$bgb" "$bgs" "$bngf" "$bngb" "$bngs"
line PUT 10KB "$spf" "$spb" "$sps" "$snpf" "$snpb" "$snps"
line GET 10KB "$sgf" "$sgb" "$sgs" "$sngf" "$sngb" "$sngs"
say "  mémoire de la box après la mesure : RSS $(rss_mb "$JVM") Mo (tas maximal ${PREAU_HEAP:-512m})"
say "  objectif : ratio >= 0.7 (gros fichiers, PUT et GET)"
awk -v pb="$((bpb + bgb))" -v ps="$bps" -v gs="$bgs" -v nb="$((bnpb + bngb))" -v nps="$bnps" -v ngs="$bngs" 'BEGIN {
    p = pb / (ps + gs) / 1e6; n = nb / (nps + ngs) / 1e6
    printf "ratio %.2f (preau %.1f MB/s vs nginx %.1f MB/s, big files PUT+GET)\n", p / n, p, n }'
