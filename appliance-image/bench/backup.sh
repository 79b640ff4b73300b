#!/usr/bin/env bash
# Benchmark "backup": the online backup and the restore of a collège's box, against tar of the same
# data folder in the same run, and what a backup costs the people using the box meanwhile.
#
# Set-up (own temp box, own port), as cahier.sh:
#   1. a seeded AAF 2D export of one collège (2,500 pupils, 6,757 accounts) imported into a fresh box;
#   2. box stopped: a year of cahier de textes written into its Derby database (CahierGenerator),
#      and BENCH_BACKUP_FILES_MB (default 1024) of incompressible file blobs (random bytes, 100 KiB to
#      4 MiB each) written straight into the files module's blob folder <data>/preau/files — bytes
#      only, without metadata rows: the backup copies blobs by walking the folder, rows or not;
#   3. box started again (normal mode), BENCH_BACKUP_MAIL (2,000) messages of 20 KB delivered by SMTP to the demo
#      people's mailboxes (the mail module's Derby store, saved like the other databases), the backup folder set.
# Measures, in this order:
#   - reference: tar -cf of <data>/preau (box running: not a consistent copy, just the bytes);
#   - Préau: BENCH_ROUNDS backups with ./preau backup (sign-in, start, follow through the admin API), box idle;
#   - latency: wrk -t2 -c8 on GET /api/v1/me (session + JSON) for the length of a backup, box idle, then
#     again during a backup;
#   - restore: the box stopped, RestoreTool into an empty folder (it reads the archive twice: check, then
#     write) against tar -xf of the reference archive.
# Last line: ratio <preau backup s / tar s> (preau X s vs tar Y s); 1 would mean as fast as tar.
# Settings: BENCH_PREAU_PORT (18187), BENCH_ROUNDS (2), BENCH_BACKUP_FILES_MB (1024),
# BENCH_CAHIER_ACCOUNTS (6757), BENCH_BACKUP_MAIL (2000), BENCH_BACKUP_PASSPHRASE (empty: plain archives; set: encrypted).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PORT="${BENCH_PREAU_PORT:-18187}"
ROUNDS="${BENCH_ROUNDS:-2}"
FILES_MB="${BENCH_BACKUP_FILES_MB:-1024}"
ACCOUNTS="${BENCH_CAHIER_ACCOUNTS:-6757}"
MAILS="${BENCH_BACKUP_MAIL:-2000}"
THREADS=2
CONNECTIONS=8
BASE="http://127.0.0.1:$PORT/api/v1"
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)

need_tools wrk curl tar awk sed python3
bench_java
bench_init
require_free_ports "$PORT"
for c in directory/target/test-classes/fr/preau/directory/testing/AafGenerator.class \
    cahier/target/test-classes/fr/preau/cahier/testing/CahierGenerator.class; do
    [[ -f $ROOT/bundles/$c ]] || die "Classes de test absentes ($c) : lancez « mvn -B -o install -DskipTests » (ou ./preau build)."
done
JAVA_BIN="$JAVA_HOME/bin/java"
monday=$(date -d "$(date +%F) -$(($(date +%u) - 1)) days" +%F)

boot() {
    local rc=0
    start_preau "$BENCH_TMP/preau" "$data" "$PORT" "$1"
    wait_preau_authenticated "$JVM" "$PORT" "$BENCH_TMP/referent" || rc=$?
    ((rc == 0)) || { preau_failed "$data" "Préau n'a pas démarré (code $rc)."; exit 1; }
}

mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { if (s + 0 == 0) print "nan"; else printf "%.0f", b / 1e6 / s }'; }

say "Banc d'essai « backup » : sauvegarde en ligne et restauration d'une box de collège, contre tar du même dossier"
t_setup=$(now)
data="$BENCH_TMP/data"
aaf="$BENCH_TMP/aaf"
folder="$BENCH_TMP/usb"
mkdir -p "$folder"
unpack_preau "$BENCH_TMP/preau"

say "  préparation 1/3 : annuaire d'un collège ($ACCOUNTS comptes), importé"
"$JAVA_BIN" -cp "$ROOT/bundles/directory/target/classes:$ROOT/bundles/directory/target/test-classes" \
    fr.preau.directory.testing.AafGenerator "$aaf" "$ACCOUNTS" 42 ENTCAHIER 1 >"$BENCH_TMP/aaf.txt"
uai=$(grep -o '[0-9]\{7\}[A-Z]' "$aaf"/*EtabEducNat*.xml | head -n1 || true)
[[ -n $uai ]] || die "UAI introuvable dans l'export généré ($aaf)."
boot demo
PREAU_DATA="$data" PREAU_HTTP_PORT="$PORT" PREAU_PASSWORD="$DEMO_PASSWORD" "$ROOT/preau" import "$aaf" \
    >"$BENCH_TMP/import.txt" 2>&1 || { cat "$BENCH_TMP/import.txt" >&2; preau_failed "$data" "L'import a échoué."; exit 1; }
say "    $(grep '^import:' "$BENCH_TMP/import.txt" | tail -n1)"
stop_jvm "$JVM"

say "  préparation 2/3 : une année de cahier de textes et $FILES_MB Mo de documents (box arrêtée)"
derby_cp=$(find "$BENCH_TMP/preau/system/org/apache/derby" "$BENCH_TMP/preau/system/fr/preau/fr.preau.derby" -name '*.jar' \
    2>/dev/null | sort | tr '\n' ':')
"$JAVA_BIN" -cp "$ROOT/bundles/cahier/target/test-classes:$derby_cp" -Dderby.stream.error.file="$BENCH_TMP/derby.log" \
    -Dderby.system.durability=test fr.preau.cahier.testing.CahierGenerator "$data" "$uai" "$monday" 42 3 \
    >"$BENCH_TMP/cahier.txt" 2>&1 || { cat "$BENCH_TMP/cahier.txt" >&2; die "La génération du cahier de textes a échoué."; }
awk '$1 == "seances" { printf "    %s séances, %s devoirs\n", $2, $4 }' "$BENCH_TMP/cahier.txt"
BLOBS="$data/preau/files" MB="$FILES_MB" python3 - <<'PY'
import os, random
root, total = os.environ["BLOBS"], int(os.environ["MB"]) * 1_000_000
rnd, written, n = random.Random(42), 0, 0
while written < total:
    size = min(total - written, rnd.randint(100 * 1024, 4 * 1024 * 1024))
    name = "%032x" % rnd.getrandbits(128)
    os.makedirs(os.path.join(root, name[:2]), exist_ok=True)
    with open(os.path.join(root, name[:2], name), "wb") as f:
        f.write(os.urandom(size))
    written += size
    n += 1
print("    %d documents, %d Mo" % (n, written // 1_000_000))
PY

say "  préparation 3/3 : redémarrage (mode normal), dossier des sauvegardes"
boot normal
cookie=$(cookie_header "$BENCH_TMP/referent")
csrf=$(curl -s --max-time 5 -H "$cookie" "$BASE/me" | sed -n 's/.*"csrfToken" *: *"\([^"]*\)".*/\1/p')
api() { curl -s --max-time 30 -H "$cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' "$@"; }
code=$(api -o "$BENCH_TMP/settings.json" -w '%{http_code}' -X PUT \
    --data "{\"folder\":\"$folder\",\"hour\":-1,\"keepDaily\":30,\"keepWeekly\":0}" "$BASE/admin/backups/settings")
[[ $code == 200 ]] || die "Réglage du dossier refusé (HTTP $code) : $(cat "$BENCH_TMP/settings.json")"
if [[ -n ${BENCH_BACKUP_PASSPHRASE:-} ]]; then
    api -o /dev/null -X PUT --data "{\"passphrase\":\"$BENCH_BACKUP_PASSPHRASE\"}" "$BASE/admin/backups/passphrase"
fi
# mail: BENCH_BACKUP_MAIL messages of 20 KB delivered by SMTP (the box's port, python3's smtplib) to the four demo people
# who have a password, so that the mail module's store is in the backup like the rest
MAIL_PORT=$(sed -n 's/^smtp.port *= *//p' "$BENCH_TMP/preau/etc/fr.preau.mail.cfg")
[[ -n $MAIL_PORT ]] || die "Port SMTP de la box introuvable (etc/fr.preau.mail.cfg)."
for _ in $(seq 1 120); do tcp_open "$MAIL_PORT" && break; sleep 1; done
SMTP_PORT="$MAIL_PORT" N="$MAILS" python3 - <<'PY' || die "La distribution du courrier de préparation a échoué."
import email.message, os, smtplib, time
port, n = int(os.environ["SMTP_PORT"]), int(os.environ["N"])
people = ["anne.verger", "julien.dumas", "leo.marchand", "helene.marchand"]
body = ("Bonjour,\n\n" + "Ceci est un message de préparation du banc d'essai des sauvegardes. " * 320)[:20000]
t0 = time.time()
with smtplib.SMTP("127.0.0.1", port, timeout=60) as s:
    for i in range(n):
        m = email.message.EmailMessage()
        m["From"] = "exterieur@example.org"
        m["To"] = "%s@rostand.preau.test" % people[i % len(people)]
        m["Subject"] = "Message de préparation %d" % i
        m.set_content(body)
        s.send_message(m)
print("    %d messages de 20 Ko distribués en %.1f s" % (n, time.time() - t0))
PY
size_data=$(du -sb "$data/preau" | cut -f1)
say "  préparation terminée en $(elapsed "$t_setup" "$(now)") s ; données : $(mb "$size_data") Mo ($(du -sh "$data/preau/cahier" 2>/dev/null | cut -f1) de cahier, $(du -sh "$data/preau/directory" | cut -f1) d'annuaire)"

# One backup with ./preau backup (the referent's command: sign-in, start, follow); prints "seconds bytes".
backup_once() {
    local t0 out archive
    t0=$(now)
    # stdout only: the progress (stderr) rewrites its line with carriage returns
    out=$(PREAU_DATA="$data" PREAU_HTTP_PORT="$PORT" PREAU_PASSWORD="$DEMO_PASSWORD" PREAU_NO_BUILD=1 "$ROOT/preau" backup \
        2>"$BENCH_TMP/backup-progress.txt") || die "La sauvegarde a échoué : $(tr '\r' '\n' <"$BENCH_TMP/backup-progress.txt" | tail -n 3)"
    archive=$(printf '%s\n' "$out" | sed -n 's/^Sauvegarde terminée : \(.*\) ([0-9.,]* Mo.*/\1/p')
    [[ -f $archive ]] || die "Archive introuvable après ./preau backup : $out"
    printf '%s %s\n' "$(elapsed "$t0" "$(now)")" "$(stat -c %s "$archive")"
}

say "  référence : tar -cf de $data/preau…"
sync
t0=$(now)
# exit 1: a file changed while tar read it (the box runs; Derby's temporary files) — expected here
tar -cf "$BENCH_TMP/reference.tar" -C "$data" preau 2>"$BENCH_TMP/tar.txt" || (($? == 1)) || { cat "$BENCH_TMP/tar.txt" >&2; die "tar a échoué."; }
sync
tar_s=$(elapsed "$t0" "$(now)")
tar_bytes=$(stat -c %s "$BENCH_TMP/reference.tar")
say "    tar : $tar_s s, $(mb "$tar_bytes") Mo, $(rate "$tar_bytes" "$tar_s") Mo/s"

times=()
for ((r = 1; r <= ROUNDS; r++)); do
    read -r s bytes < <(backup_once)
    times+=("$s")
    say "    Préau, sauvegarde $r : $s s, $(mb "$bytes") Mo, $(rate "$bytes" "$s") Mo/s"
done
backup_s=$(median "${times[@]}")

say "  latence de GET /api/v1/me (wrk -t$THREADS -c$CONNECTIONS) pendant ${backup_s%.*} s, box au repos puis pendant une sauvegarde"
window=$(awk -v s="$backup_s" 'BEGIN { printf "%ds", (s < 3 ? 3 : s) }')
run_wrk "$cookie" "$BASE/me" "$window" "$BENCH_TMP/idle.txt"
report "au repos" "$(parse_wrk "$BENCH_TMP/idle.txt")"
api -o /dev/null -X POST --data '{}' "$BASE/admin/backups"
run_wrk "$cookie" "$BASE/me" "$window" "$BENCH_TMP/during.txt"
report "pendant la sauvegarde" "$(parse_wrk "$BENCH_TMP/during.txt")"
while api "$BASE/admin/backups" | grep -q '"running" *: *true'; do sleep 0.2; done
stop_jvm "$JVM"

archive=$(find "$folder" -name 'preau-*.tar*' -printf '%T@ %p\n' | sort -rn | head -n1 | cut -d' ' -f2-)
store_jar=$(find "$BENCH_TMP/preau/system/fr/preau/fr.preau.store" -name 'fr.preau.store-*.jar' | head -n1)
say "  restauration (box arrêtée) de $(basename "$archive") dans un dossier vide, contre tar -xf"
sync
t0=$(now)
PREAU_BACKUP_PASSPHRASE="${BENCH_BACKUP_PASSPHRASE:-}" "$JAVA_BIN" -cp "$store_jar" fr.preau.store.internal.backup.RestoreTool \
    restore "$archive" "$BENCH_TMP/restored" >"$BENCH_TMP/restore.txt" 2>&1 || { cat "$BENCH_TMP/restore.txt" >&2; die "La restauration a échoué."; }
sync
restore_s=$(elapsed "$t0" "$(now)")
mkdir -p "$BENCH_TMP/untar"
t0=$(now)
tar -xf "$BENCH_TMP/reference.tar" -C "$BENCH_TMP/untar"
sync
untar_s=$(elapsed "$t0" "$(now)")
archive_bytes=$(stat -c %s "$archive")
say "    Préau, restauration (vérification complète puis écriture) : $restore_s s, $(rate "$archive_bytes" "$restore_s") Mo/s"
say "    tar -xf : $untar_s s, $(rate "$tar_bytes" "$untar_s") Mo/s"
say "    ratio de la restauration : $(ratio "$restore_s" "$untar_s")"
say "ratio $(ratio "$backup_s" "$tar_s") (preau $backup_s s vs tar $tar_s s)"
