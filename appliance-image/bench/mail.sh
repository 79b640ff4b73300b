#!/usr/bin/env bash
# Benchmark "mail": local delivery by the mail module (Apache James inside the box, issue 7) versus Debian's
# Postfix delivering over LMTP into Dovecot's Maildirs, same run, same messages, same senders.
#
# The same BENCH_MAIL_MESSAGES (5000) messages of 20 KB (smtp-source -l 20480, from the postfix package) are sent by
# BENCH_MAIL_SENDERS (8) smtp-source processes at once, one SMTP session each, a new connection per message, to the
# four demo people with a password (anne.verger, julien.dumas, leo.marchand, helene.marchand: two senders each),
# at the demo school's mail domain. The time runs from the first connection until every message is in its mailbox:
# on Préau, counted by IMAP STATUS INBOX (MESSAGES) as each person (mail-count.py, one connection per person); on the
# reference, by the files in the Maildirs (new/ and cur/), then checked once by IMAP STATUS through Dovecot. Both are
# polled every 0.25 s once the senders have finished (not before: none can be complete earlier, and STATUS costs the
# server it asks). An SMTP 250 alone never counts; smtp-source stops at any refusal.
#
# Préau: its own demo box (temp data dir, own HTTP port); etc/fr.preau.mail.cfg is written into the unpacked box
# before it starts: servers on 127.0.0.1, SMTP on BENCH_PREAU_SMTP_PORT (2525, the demo's), IMAP on
# BENCH_PREAU_IMAP_PORT (1143), submission off, no smarthost, max.message.size 10 MiB and no mailbox quota (0 for
# every profile: 1,250 messages of 20 KB fit anyway, the bench must not measure a refusal). Then the referent
# installs preau-mail from the console (POST /api/v1/admin/modules/preau-mail/install, in case the box did not
# install it at its first boot). Delivery there is synchronous: the 250 follows the commit in Derby.
# Reference: Postfix (config dir `postfix -c`, queue and data in the bench's temp dir, smtpd on 127.0.0.1:
# BENCH_POSTFIX_PORT (18025), no chroot, virtual domain = the same domain, the four addresses in a texthash map,
# virtual_transport lmtp) and Dovecot (`dovecot -c`, base and state dirs in the temp dir, LMTP on
# BENCH_DOVECOT_LMTP_PORT (18024), IMAP on BENCH_DOVECOT_IMAP_PORT (18143), Maildirs owned by nobody). Both
# fsync as they are configured by Debian (Postfix its queue file, Dovecot each delivered file). No system service
# and nothing under /etc is touched; everything is stopped and deleted at the end. Postfix needs root.
#
# Prints messages/s of both, the ratio, and Préau's heap (jstat) and RSS after the run; the last line:
#   ratio R (preau X msg/s vs postfix+dovecot Y msg/s)   (goal >= 0.5)
# Settings: the BENCH_* variables above; BENCH_MAIL_JAVA_OPTS adds options to the box's JVM (a JFR recording).
# Peers: postfix, dovecot-imapd, dovecot-lmtpd (provisioning/host-deps.sh --bench; the tests never need them).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PORT="${BENCH_PREAU_PORT:-18190}"
SMTP_PORT="${BENCH_PREAU_SMTP_PORT:-2525}"
IMAP_PORT="${BENCH_PREAU_IMAP_PORT:-1143}"
PF_PORT="${BENCH_POSTFIX_PORT:-18025}"
LMTP_PORT="${BENCH_DOVECOT_LMTP_PORT:-18024}"
DV_IMAP_PORT="${BENCH_DOVECOT_IMAP_PORT:-18143}"
MESSAGES="${BENCH_MAIL_MESSAGES:-5000}"
SENDERS="${BENCH_MAIL_SENDERS:-8}"
SIZE=20480
PEOPLE=(anne.verger julien.dumas leo.marchand helene.marchand)
COUNT="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/mail-count.py"

need_tools curl tar awk python3 jstat
for t in smtp-source postfix dovecot; do
    command -v "$t" >/dev/null 2>&1 \
        || die "$t est introuvable : lancez provisioning/host-deps.sh --bench (paquets postfix, dovecot-imapd, dovecot-lmtpd)."
done
[[ $(id -u) == 0 ]] || die "Le banc « mail » lance sa propre instance de Postfix, qui demande les droits root : lancez-le en root."
((MESSAGES % SENDERS == 0)) || die "BENCH_MAIL_MESSAGES ($MESSAGES) doit être un multiple de BENCH_MAIL_SENDERS ($SENDERS)."
bench_java
bench_init
require_free_ports "$PORT" "${BENCH_HTTPS_PORT:-$((PORT + 1000))}" "$SMTP_PORT" "$IMAP_PORT" "$PF_PORT" "$LMTP_PORT" "$DV_IMAP_PORT"
PER_SENDER=$((MESSAGES / SENDERS))

say "Banc d'essai « mail » : distribution locale de Préau (James, module preau-mail) contre Postfix + Dovecot (LMTP, Maildir)"
say "  $MESSAGES messages de 20 Ko, $SENDERS expéditeurs smtp-source simultanés, vers ${#PEOPLE[@]} boîtes ; comptés dans les boîtes, pas au 250"

# --- Préau -----------------------------------------------------------------------------------------
unpack_preau "$BENCH_TMP/preau"
{
    printf 'bind = 127.0.0.1\nsmtp.port = %s\nsubmission.port = 0\nimap.port = %s\nsmarthost =\n' "$SMTP_PORT" "$IMAP_PORT"
    printf 'max.message.size = %s\n' $((10 * 1024 * 1024))
    for p in eleve parent enseignant direction personnel referent invite; do printf 'quota.%s.mb = 0\n' "$p"; done
} >"$BENCH_TMP/preau/etc/fr.preau.mail.cfg"
if [[ -n ${BENCH_MAIL_JAVA_OPTS:-} ]]; then export EXTRA_JAVA_OPTS="$BENCH_MAIL_JAVA_OPTS"; fi
data="$BENCH_TMP/data"
start_demo_with_module "$BENCH_TMP/preau" "$data" "$PORT" preau-mail
BASE="http://127.0.0.1:$PORT/api/v1"
DOMAIN=$(curl -s --max-time 10 -H "$COOKIE" "$BASE/admin/schools" | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    if s.get("uai") == "0999999Z" and s.get("mailDomain"):
        print(s["mailDomain"])' || true)
[[ -n $DOMAIN ]] || die "Le domaine de messagerie de l'établissement de démonstration est introuvable (GET /api/v1/admin/schools)."
printf '  installation du module preau-mail'
for _ in $(seq 1 240); do
    tcp_open "$SMTP_PORT" && tcp_open "$IMAP_PORT" && break
    printf '.'
    sleep 0.5
done
printf '\n'
if ! tcp_open "$SMTP_PORT" || ! tcp_open "$IMAP_PORT"; then
    die "Les serveurs SMTP ($SMTP_PORT) et IMAP ($IMAP_PORT) de Préau n'ouvrent pas."
fi

# --- Dovecot ---------------------------------------------------------------------------------------
dv="$BENCH_TMP/dovecot"
mkdir -p "$dv/run" "$dv/state" "$dv/mail"
chmod 711 "$BENCH_TMP" "$dv"
chown nobody:nogroup "$dv/mail"
: >"$dv/passwd"
for p in "${PEOPLE[@]}"; do printf '%s:{PLAIN}%s\n' "$p" "$DEMO_PASSWORD" >>"$dv/passwd"; done
chmod 644 "$dv/passwd"
cat >"$dv/dovecot.conf" <<CONF
instance_name = preau-bench-dovecot
base_dir = $dv/run
state_dir = $dv/state
log_path = $dv/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
mail_location = maildir:$dv/mail/%n
passdb {
  driver = passwd-file
  args = username_format=%n $dv/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dv/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DV_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
CONF
dovecot -c "$dv/dovecot.conf" -F >"$dv/console.out" 2>&1 &
BENCH_PIDS+=("$!")

# --- Postfix ---------------------------------------------------------------------------------------
pf="$BENCH_TMP/postfix"
mkdir -p "$pf/etc" "$pf/queue" "$pf/data"
chown postfix "$pf/data"
for p in "${PEOPLE[@]}"; do printf '%s@%s OK\n' "$p" "$DOMAIN"; done >"$pf/etc/recipients"
cat >"$pf/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $pf/queue
data_directory = $pf/data
mail_owner = postfix
setgid_group = postdrop
myhostname = reference.bench.invalid
mydomain = bench.invalid
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$pf/etc/recipients
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
alias_maps =
alias_database =
local_recipient_maps =
message_size_limit = $((10 * 1024 * 1024))
maillog_file = $pf/maillog
maillog_file_prefixes = $pf
biff = no
smtp_dns_support_level = disabled
CONF
# Debian's master.cf, smtpd on the bench's port, nothing chrooted (the chroot needs files copied from /etc).
awk -v listen="127.0.0.1:$PF_PORT" '
    /^[^#[:space:]]/ && NF >= 8 { if ($1 == "smtp" && $2 == "inet") $1 = listen; $5 = "n" }
    { print }' /usr/share/postfix/master.cf.dist >"$pf/etc/master.cf"
postfix -c "$pf/etc" start >"$pf/console.out" 2>&1 || { cat "$pf/console.out" "$pf/maillog" >&2 2>/dev/null || true; die "Postfix n'a pas démarré."; }
for _ in $(seq 1 100); do [[ -s $pf/queue/pid/master.pid ]] && break; sleep 0.1; done
[[ -s $pf/queue/pid/master.pid ]] || die "Postfix n'a pas démarré (pas de master.pid)."
BENCH_PIDS+=("$(tr -dc '0-9' <"$pf/queue/pid/master.pid")")
for _ in $(seq 1 100); do tcp_open "$PF_PORT" && tcp_open "$LMTP_PORT" && tcp_open "$DV_IMAP_PORT" && break; sleep 0.1; done
tcp_open "$PF_PORT" || { cat "$pf/console.out" "$pf/maillog" >&2 2>/dev/null || true; die "Postfix n'écoute pas sur le port $PF_PORT."; }
if ! tcp_open "$LMTP_PORT" || ! tcp_open "$DV_IMAP_PORT"; then
    cat "$dv/console.out" "$dv/dovecot.log" >&2 2>/dev/null || true
    die "Dovecot n'écoute pas (ports $LMTP_PORT et $DV_IMAP_PORT)."
fi

# --- the runs --------------------------------------------------------------------------------------
# send PORT LABEL COUNTER_ARGS…: starts the counter, waits for its READY, runs the senders, waits for the
# counter; sets SECONDS_TAKEN.
SECONDS_TAKEN=""
send() {
    local port=$1 label=$2 ready="$BENCH_TMP/ready-$2" out="$BENCH_TMP/count-$2" t0 i pids=() failed=0 done_at
    shift 2
    python3 "$COUNT" "$@" "$ready" "${PEOPLE[@]}" >"$out" &
    local counter=$!
    for _ in $(seq 1 600); do [[ -e $ready ]] && break; kill -0 "$counter" 2>/dev/null || break; sleep 0.1; done
    [[ -e $ready ]] || die "Le compteur de $label n'a pas démarré."
    t0=$(now)
    for ((i = 0; i < SENDERS; i++)); do
        smtp-source -4 -s 1 -m "$PER_SENDER" -l "$SIZE" -S "Banc d'essai $label" -M bench.invalid -f "banc@bench.invalid" \
            -t "${PEOPLE[i % ${#PEOPLE[@]}]}@$DOMAIN" "127.0.0.1:$port" >"$BENCH_TMP/sender-$label-$i.txt" 2>&1 &
        pids+=("$!")
    done
    for i in "${!pids[@]}"; do
        wait "${pids[i]}" || { failed=1; cat "$BENCH_TMP/sender-$label-$i.txt" >&2; }
    done
    ((failed == 0)) || { kill "$counter" 2>/dev/null || true; die "Un expéditeur a été refusé par $label (voir ci-dessus)."; }
    : >"$ready.go"
    wait "$counter" || die "Les messages ne sont pas tous arrivés dans les boîtes de $label."
    done_at=$(awk '$1 == "DONE" { print $2 }' "$out")
    SECONDS_TAKEN=$(elapsed "$t0" "$done_at")
}

say "  envoi vers Postfix + Dovecot (port $PF_PORT)…"
send "$PF_PORT" postfix maildir "$dv/mail" "$MESSAGES"
ref_s=$SECONDS_TAKEN
ref_imap=$(python3 "$COUNT" status 127.0.0.1 "$DV_IMAP_PORT" "$DEMO_PASSWORD" "${PEOPLE[@]}")
((ref_imap == MESSAGES)) || die "Dovecot annonce $ref_imap messages par IMAP au lieu de $MESSAGES."
say "  envoi vers Préau (port $SMTP_PORT)…"
send "$SMTP_PORT" preau imap 127.0.0.1 "$IMAP_PORT" "$DEMO_PASSWORD" "$MESSAGES"
preau_s=$SECONDS_TAKEN

ref_rate=$(awk -v n="$MESSAGES" -v s="$ref_s" 'BEGIN { printf "%.1f", n / s }')
preau_rate=$(awk -v n="$MESSAGES" -v s="$preau_s" 'BEGIN { printf "%.1f", n / s }')
say "  postfix+dovecot : $MESSAGES messages dans les Maildirs en $ref_s s ($ref_rate msg/s ; $ref_imap vus par IMAP)"
say "  preau : $MESSAGES messages dans les boîtes (IMAP STATUS) en $preau_s s ($preau_rate msg/s)"
heap=$(jstat -gc "$JVM" | awk 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { printf "%.0f Mo utilisés sur %.0f Mo alloués", ($h["S0U"] + $h["S1U"] + $h["EU"] + $h["OU"]) / 1024,
        ($h["S0C"] + $h["S1C"] + $h["EC"] + $h["OC"]) / 1024 }')
say "  tas de Préau après la mesure : $heap (tas maximal ${PREAU_HEAP:-512m}) ; RSS $(rss_mb "$JVM") Mo"
say "  objectif : ratio >= 0.5"
say "ratio $(ratio "$preau_rate" "$ref_rate") (preau $preau_rate msg/s vs postfix+dovecot $ref_rate msg/s)"
