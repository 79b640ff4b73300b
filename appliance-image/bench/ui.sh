#!/usr/bin/env bash
# Benchmark "ui": Lighthouse (npm lighthouse 12, Debian chromium) on the login, home and console
# pages of a fresh demo box, as a phone (Lighthouse's default mobile profile, simulated slow
# network and CPU) and as a desktop. Prints the performance, accessibility and best-practices
# scores and the JavaScript bytes of each page; the HTML reports stay in BENCH_UI_REPORTS
# (default appliance-image/bench/ui/reports).
# Goal: performance >= 95 and accessibility 100 on every page.
# Last line: ratio <lowest performance score / 95> (… lowest accessibility score …).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PORT="${BENCH_PREAU_PORT:-18184}"
UI_DIR="$BENCH_ROOT/appliance-image/bench/ui"
REPORTS="${BENCH_UI_REPORTS:-$UI_DIR/reports}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"

need_tools curl tar awk node npm
[[ -x $CHROMIUM ]] || die "Chromium est introuvable : lancez provisioning/host-deps.sh"
bench_java
bench_init
require_free_ports "$PORT"

if [[ ! -d $UI_DIR/node_modules/lighthouse ]]; then
    say "Installation de Lighthouse (npm ci, une seule fois)…"
    (cd "$UI_DIR" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci a échoué dans $UI_DIR"
fi

unpack_preau "$BENCH_TMP/preau"
data="$BENCH_TMP/data"
jar="$BENCH_TMP/cookies"
start_preau "$BENCH_TMP/preau" "$data" "$PORT"
rc=0
wait_preau_authenticated "$JVM" "$PORT" "$jar" || rc=$?
if ((rc != 0)); then
    preau_failed "$data" "Préau n'a pas démarré (ou refuse la connexion du référent)."
    exit 1
fi
cookie=$(cookie_header "$jar")
[[ -n $cookie ]] || die "La connexion a réussi mais aucun cookie de session n'a été reçu."

say "Banc d'essai « ui » : Lighthouse sur la connexion, l'accueil et la console (téléphone puis ordinateur)"
out="$BENCH_TMP/lighthouse.txt"
CHROMIUM="$CHROMIUM" node "$UI_DIR/lighthouse.mjs" "http://127.0.0.1:$PORT/" "${cookie#Cookie: }" "$REPORTS" | tee "$out"
stop_jvm "$JVM"

awk '
    $1 == "page" {
        printf "  %-10s %-8s performance %3d  accessibilité %3d  bonnes pratiques %3d  JS %6.1f Ko\n", $2, $3, $5, $7, $9, $11 / 1024
    }' "$out"
say "  rapports HTML : $REPORTS"
say "  objectif : performance >= 95 et accessibilité 100 sur chaque page"
awk '
    $1 == "page" {
        n++
        if (!perf || $5 < perf) perf = $5
        if (!a11y || $7 < a11y) a11y = $7
        if (!bp || $9 < bp) bp = $9
        if ($11 > js) js = $11
    }
    END {
        if (!n) { print "ratio nan (aucune page mesurée)"; exit 1 }
        printf "ratio %.2f (preau: lowest performance %d vs goal 95, lowest accessibility %d vs 100, lowest best-practices %d; %d pages, at most %.1f KB of JS)\n",
            perf / 95, perf, a11y, bp, n, js / 1024
    }' "$out"
