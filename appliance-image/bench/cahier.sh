#!/usr/bin/env bash
# Benchmark "cahier": a pupil's week view of the cahier de textes — GET /api/v1/cahier/seances
# ?from=<Monday>&to=<Sunday>: the séances of all the pupil's divisions (class and groupe), each
# with its devoirs, links, pièces, visa and the pupil's "fait" ticks — on a collège of 2,500
# pupils with a year of cahier data, versus the bare CXF resource of the same box
# (GET /api/v1/ping: no session, no access, no database, no JSON mapping).
#
# Set-up (own temp box, own port):
#   1. a seeded complete AAF 2D export of one collège (fr.preau.directory.testing.AafGenerator:
#      6,757 accounts = 2,500 pupils in 90 classes and 90 groupes, teachers with their matières),
#      imported with ./preau import into a fresh box started in demo mode;
#   2. the box stopped, a year of cahier written straight into its Derby database
#      (fr.preau.cahier.testing.CahierGenerator: ~27 séances a week per class, devoirs on a
#      third, visas, ticks… see its javadoc), reading the annuaire's database;
#   3. the box started again in normal mode (a demo box refuses a data dir holding a real
#      school — and normal is what schools run), the referent issues an activation code to a
#      pupil who is in a groupe too, the pupil chooses a password and logs in.
# Then, like api.sh: wrk -t2 -c50 --latency with the pupil's session cookie against both
# endpoints, after a warm-up, in alternated rounds; the ratio is the median of the rounds' ratios.
# Prints the generated volumes, the set-up time, req/s and p99 per round, and the box's RSS.
#
# Last line: ratio <preau/bare req/s> (preau X req/s vs bare-cxf Y req/s); goal >= 0.5.
# Settings: BENCH_PREAU_PORT (18185), BENCH_ROUNDS (3 alternated rounds), BENCH_DURATION (8s per
# endpoint and round), BENCH_WARMUP (5s), BENCH_CONNECTIONS (50), BENCH_THREADS (2),
# BENCH_CAHIER_ACCOUNTS (6757: 2,500 pupils), BENCH_CAHIER_WEEK (the Monday of the week viewed;
# default this week's).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PORT="${BENCH_PREAU_PORT:-18185}"
DURATION="${BENCH_DURATION:-8s}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
THREADS="${BENCH_THREADS:-2}"
ACCOUNTS="${BENCH_CAHIER_ACCOUNTS:-6757}"
BASE="http://127.0.0.1:$PORT/api/v1"
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
PUPIL_PASSWORD="Cahier-Banc-2026!"

need_tools wrk curl tar awk sed
bench_java
bench_init
require_free_ports "$PORT"
for c in directory/target/test-classes/fr/preau/directory/testing/AafGenerator.class \
    cahier/target/test-classes/fr/preau/cahier/testing/CahierGenerator.class; do
    [[ -f $ROOT/bundles/$c ]] || die "Classes de test absentes ($c) : lancez « mvn -B -o install -DskipTests » (ou ./preau build)."
done
JAVA_BIN="$JAVA_HOME/bin/java"

if [[ -n ${BENCH_CAHIER_WEEK:-} ]]; then
    monday=$BENCH_CAHIER_WEEK
else
    monday=$(date -d "$(date +%F) -$(($(date +%u) - 1)) days" +%F)
fi
sunday=$(date -d "$monday +6 days" +%F)


# Starts the box (mode $1) on $data and waits for the referent's authenticated 200.
boot() {
    local rc=0
    start_preau "$BENCH_TMP/preau" "$data" "$PORT" "$1"
    wait_preau_authenticated "$JVM" "$PORT" "$BENCH_TMP/referent" || rc=$?
    if ((rc == 1)); then
        preau_failed "$data" "Préau n'a pas accepté la connexion du référent en $READY_TIMEOUT s (dernière réponse : HTTP $LAST_CODE)."
        exit 1
    elif ((rc != 0)); then
        preau_failed "$data" "Préau s'est arrêté pendant le démarrage."
        exit 1
    fi
}

# The value of the string field $1 of the JSON object on stdin.
json_field() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p"; }

say "Banc d'essai « cahier » : semaine d'un élève, GET /api/v1/cahier/seances (session + accès + annuaire + Derby + JSON) contre GET /api/v1/ping (CXF nu)"
say "  wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (échauffement $WARMUP) ; Préau sur le port $PORT ; semaine du $monday au $sunday"
t_setup=$(now)
data="$BENCH_TMP/data"
aaf="$BENCH_TMP/aaf"
unpack_preau "$BENCH_TMP/preau"

say "  préparation 1/3 : annuaire d'un collège ($ACCOUNTS comptes), importé dans une box de démonstration"
"$JAVA_BIN" -cp "$ROOT/bundles/directory/target/classes:$ROOT/bundles/directory/target/test-classes" \
    fr.preau.directory.testing.AafGenerator "$aaf" "$ACCOUNTS" 42 ENTCAHIER 1 >"$BENCH_TMP/aaf.txt"
uai=$(sed -n 's/.*ENTStructureUAI.*<value>\([0-9A-Z]\{8\}\)<\/value>.*/\1/p' "$aaf"/*EtabEducNat*.xml | head -n1)
if [[ -z $uai ]]; then
    uai=$(grep -o '[0-9]\{7\}[A-Z]' "$aaf"/*EtabEducNat*.xml | head -n1 || true)
fi
[[ -n $uai ]] || die "UAI introuvable dans l'export généré ($aaf)."
boot demo
PREAU_DATA="$data" PREAU_HTTP_PORT="$PORT" PREAU_PASSWORD="$DEMO_PASSWORD" "$ROOT/preau" import "$aaf" \
    >"$BENCH_TMP/import.txt" 2>&1 || { cat "$BENCH_TMP/import.txt" >&2; preau_failed "$data" "L'import a échoué."; exit 1; }
say "    $(grep '^import:' "$BENCH_TMP/import.txt" | tail -n1) (établissement $uai)"
stop_jvm "$JVM"

say "  préparation 2/3 : une année de cahier de textes écrite dans la base Derby (box arrêtée)"
derby_cp=$(find "$BENCH_TMP/preau/system/org/apache/derby" "$BENCH_TMP/preau/system/fr/preau/fr.preau.derby" -name '*.jar' \
    2>/dev/null | sort | tr '\n' ':')
[[ -n $derby_cp ]] || die "Les jars Derby de la distribution sont introuvables."
# durability=test: no fsync per commit (the generator shuts Derby down cleanly before the box boots)
"$JAVA_BIN" -cp "$ROOT/bundles/cahier/target/test-classes:$derby_cp" -Dderby.stream.error.file="$BENCH_TMP/derby.log" -Dderby.system.durability=test \
    fr.preau.cahier.testing.CahierGenerator "$data" "$uai" "$monday" 42 3 >"$BENCH_TMP/cahier.txt" 2>&1 \
    || { cat "$BENCH_TMP/cahier.txt" >&2; die "La génération du cahier de textes a échoué."; }
awk '$1 == "school" { printf "    %s élèves, %s classes, %s groupes, %s services (classe, matière, enseignant)\n", $4, $6, $8, $10 }
    $1 == "weeks" { printf "    %s semaines de cours, du %s au %s\n", $2, $4, $6 }
    $1 == "seances" {
        printf "    %s séances, %s devoirs, %s liens, %s pièces jointes, %s visas, %s amendements, %s devoirs cochés « fait »\n",
            $2, $4, $6, $8, $10, $12, $14 }
    $1 == "seconds" { printf "    écrit en %s s\n", $2 }' "$BENCH_TMP/cahier.txt"
pupil=$(awk '$1 == "pupil" { print $2 }' "$BENCH_TMP/cahier.txt")
[[ -n $pupil ]] || die "Le générateur n'a pas désigné d'élève."

say "  préparation 3/3 : redémarrage (mode normal), première connexion de l'élève $pupil"
boot normal
ref_cookie=$(cookie_header "$BENCH_TMP/referent")
csrf=$(curl -s --max-time 5 -H "$ref_cookie" "$BASE/me" | json_field csrfToken)
code=$(curl -s --max-time 10 -X POST -H "$ref_cookie" -H "X-CSRF-Token: $csrf" "$BASE/admin/accounts/$pupil/activation-code" \
    | json_field code)
[[ -n $code ]] || die "Le référent n'a pas obtenu de code d'activation pour $pupil."
activate=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
    --data "{\"login\":\"$pupil\",\"code\":\"$code\",\"newPassword\":\"$PUPIL_PASSWORD\"}" "$BASE/auth/activate" || true)
[[ $activate == 200 ]] || die "La première connexion de $pupil a échoué (HTTP $activate)."
login=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -c "$BENCH_TMP/pupil" -H 'Content-Type: application/json' \
    --data "{\"login\":\"$pupil\",\"password\":\"$PUPIL_PASSWORD\"}" "$BASE/auth/login" || true)
[[ $login == 200 ]] || die "La connexion de $pupil a échoué (HTTP $login)."
cookie=$(cookie_header "$BENCH_TMP/pupil")
[[ -n $cookie ]] || die "La connexion a réussi mais aucun cookie de session PREAU_SESSION n'a été reçu."
WEEK_URL="$BASE/cahier/seances?from=$monday&to=$sunday"
week_code=$(curl -s -o "$BENCH_TMP/week.json" -w '%{http_code}' --max-time 30 -H "$cookie" "$WEEK_URL" || true)
[[ $week_code == 200 ]] || die "GET /api/v1/cahier/seances répond HTTP $week_code au lieu de 200."
hello_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/ping" || true)
[[ $hello_code == 200 ]] || die "La référence GET /api/v1/ping répond HTTP $hello_code au lieu de 200 : pas de ratio sans référence."
divisions=$(curl -s --max-time 10 -H "$cookie" "$BASE/cahier/context" | grep -o '"kind":"\(CLASSE\|GROUPE\)"' | wc -l || true)
week_seances=$(grep -o '"kind":"SEANCE"' "$BENCH_TMP/week.json" | wc -l || true)
week_devoirs=$(grep -o '"pour":"' "$BENCH_TMP/week.json" | wc -l || true)
week_bytes=$(wc -c <"$BENCH_TMP/week.json")
setup_s=$(elapsed "$t_setup" "$(now)")
say "  préparation terminée en $setup_s s"
say "  vue de la semaine de $pupil ($divisions divisions) : $week_seances séances, $week_devoirs devoirs, $week_bytes octets de JSON"
((week_seances > 0)) || warn "La semaine vue est vide : la mesure ne dit rien du cahier (semaine de vacances ?)."

say "  échauffement…"
run_wrk "$cookie" "$WEEK_URL" "$WARMUP" "$BENCH_TMP/warm-week.txt"
run_wrk "$cookie" "$BASE/ping" "$WARMUP" "$BENCH_TMP/warm-hello.txt"
# BENCH_JFR=<file>: a flight recording of the box during an extra run of the week view (not measured)
if [[ -n ${BENCH_JFR:-} ]]; then
    jcmd "$JVM" JFR.start name=bench settings=profile filename="$BENCH_JFR" >/dev/null
    run_wrk "$cookie" "$WEEK_URL" "$DURATION" "$BENCH_TMP/jfr-week.txt"
    jcmd "$JVM" JFR.stop name=bench >/dev/null
    say "  enregistrement JFR : $BENCH_JFR"
fi

# Rounds alternate the two endpoints, back to back: a slower moment of a shared machine weighs on both
# figures of its round instead of on one endpoint only; the medians are reported.
say "  mesure : $ROUNDS tours alternés de $DURATION par adresse…"
WEEK_RPS=()
WEEK_P99=()
HELLO_RPS=()
HELLO_P99=()
RATIOS=()
for ((i = 1; i <= ROUNDS; i++)); do
    run_wrk "$cookie" "$WEEK_URL" "$DURATION" "$BENCH_TMP/week-$i.txt"
    run_wrk "$cookie" "$BASE/ping" "$DURATION" "$BENCH_TMP/hello-$i.txt"
    week=$(parse_wrk "$BENCH_TMP/week-$i.txt")
    hello=$(parse_wrk "$BENCH_TMP/hello-$i.txt")
    printf '  tour %d\n' "$i"
    report "preau  GET /cahier/seances" "$week" 30
    report "bare-cxf  GET /ping" "$hello" 30
    read -r rps p99 _ <<<"$week"
    WEEK_RPS+=("$rps")
    WEEK_P99+=("$p99")
    read -r rps p99 _ <<<"$hello"
    HELLO_RPS+=("$rps")
    HELLO_P99+=("$p99")
    RATIOS+=("$(ratio "${WEEK_RPS[-1]}" "${HELLO_RPS[-1]}")")
done

week_rps=$(median "${WEEK_RPS[@]}")
hello_rps=$(median "${HELLO_RPS[@]}")
say "  médianes : preau $week_rps req/s (p99 $(median "${WEEK_P99[@]}") ms), bare-cxf $hello_rps req/s (p99 $(median "${HELLO_P99[@]}") ms) ; ratios par tour : ${RATIOS[*]}"
say "  mémoire de la box après la mesure : RSS $(rss_mb "$JVM") Mo (tas maximal ${PREAU_HEAP:-512m})"
say "  objectif : ratio >= 0.5"
say "ratio $(median "${RATIOS[@]}") (preau $week_rps req/s vs bare-cxf $hello_rps req/s)"
