#!/usr/bin/env bash
# Developer tool (not a benchmark): the timeline of one cold demo boot of the built distribution, in ms from launch —
# the HTTP port opening, each change of the referent's login answer (404 while the JAX-RS application is not
# deployed, then 200), health UP — followed by the box's key log lines. Copies the logs to /tmp/boot-probe*.log.
#   appliance-image/bench/tools/boot-timeline.sh [port]
# Options (environment): THREADS=1 prints the CPU seconds each thread used by the end; DUMPS=1 takes a thread dump (jcmd) at each poll between the port opening and the first
# login (/tmp/boot-dump-<ms>.txt); ASYNC_BOOT=1 sets featuresBootAsynchronous=true; STRIP_BOOT=1 removes the default
# modules from featuresBoot; ADD_BOOT=a,b adds features to featuresBoot; LOG_CXF=1 logs CXF at INFO and the JAX-RS whiteboard at DEBUG; EXTRA_JAVA_OPTS is passed to the JVM. Boot figures need a quiet machine (run it under
# the heavy lock: flock /tmp/preau-heavy.lock …).
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../.." && pwd)
. "$ROOT/appliance-image/bench/lib.sh"
PORT=${1:-18281}
DEMO_PASSWORD=${PREAU_DEMO_PASSWORD:-'Rostand-Preau-2026!'}
bench_java
bench_init
T=$BENCH_TMP
unpack_preau "$T/preau"
if [[ -n ${LOG_CXF:-} ]]; then sed -i "s/^log4j2.logger.cxf.level = WARN/log4j2.logger.cxf.level = INFO/; s/^log4j2.logger.jaxrs.level = WARN/log4j2.logger.jaxrs.level = DEBUG/" "$T/preau/etc/org.ops4j.pax.logging.cfg"; fi
if [[ -n ${ASYNC_BOOT:-} ]]; then sed -i "s/^featuresBootAsynchronous=false/featuresBootAsynchronous=true/" "$T/preau/etc/org.apache.karaf.features.cfg"; fi
if [[ -n ${ADD_BOOT:-} ]]; then sed -i -E "s/^(featuresBoot *= *.*[^ \\])$/\\1,$ADD_BOOT/" "$T/preau/etc/org.apache.karaf.features.cfg"; grep -A3 "^featuresBoot" "$T/preau/etc/org.apache.karaf.features.cfg"; fi
if [[ -n ${STRIP_BOOT:-} ]]; then sed -i -E "s/,? *preau-(cahier|search)[^,]*//g" "$T/preau/etc/org.apache.karaf.features.cfg"; grep -A3 "^featuresBoot" "$T/preau/etc/org.apache.karaf.features.cfg"; fi
t0=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - t0) / 1000000 )); }
start_preau "$T/preau" "$T/data" "$PORT"
open=""; ok=""; up=""; last=""
while true; do
  [[ -z $open ]] && tcp_open "$PORT" && open=$(ms)
  if [[ -n ${DUMPS:-} && -n $open && -z $ok ]]; then jcmd "$JVM" Thread.print > "/tmp/boot-dump-$(ms).txt" 2>/dev/null; fi
  if [[ -n $open && -z $ok ]]; then
    answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 -H 'Content-Type: application/json' \
      --data "{\"login\":\"referent\",\"password\":\"$DEMO_PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/auth/login")
    code=${answer%% *}
    [[ $code != "$last" ]] && echo "$(ms) ms login answers $code (request ${answer#* } s)" && last=$code
    if [[ $code == 200 ]]; then
      ok=$(ms)
      for i in 1 2; do echo "   login again: $(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 -H 'Content-Type: application/json' \
        --data "{\"login\":\"referent\",\"password\":\"$DEMO_PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/auth/login") s"; done
    fi
  fi
  [[ -n $open && -z $up ]] && health_up "$PORT" && up=$(ms)
  [[ -n $ok && -n $up ]] && break
  (( $(ms) > 120000 )) && break
  sleep 0.05
done
echo "port open $open ms; login 200 $ok ms; health UP $up ms"
if [[ -n ${THREADS:-} ]]; then
  # CPU seconds per thread (JIT compilers, GC and Derby's daemons included) at the end of the timeline
  tck=$(getconf CLK_TCK)
  for t in /proc/"$JVM"/task/*; do
    [[ -r $t/stat ]] || continue
    awk -v tck="$tck" '{ n = $0; sub(/^[0-9]+ \(/, "", n); sub(/\) .*/, "", n); gsub(/[0-9]+/, "N", n); split($0, f, ") "); split(f[2], v, " ");
      printf "%.2f %s\n", (v[12] + v[13]) / tck, n }' "$t/stat"
  done | awk '{ c = $1; $1 = ""; s[$0] += c; t += c } END { for (k in s) printf "%6.2f %s\n", s[k], k; printf "%6.2f TOTAL\n", t }' \
    | sort -rn | head -30
fi
cp "$T/data/log/preau.log" /tmp/boot-probe.log; cp "$T/data/log/karaf.log" /tmp/boot-probe-karaf.log 2>/dev/null; echo "t0 $(date -d @$((t0/1000000000)) +%T).$(( (t0/1000000) % 1000 ))"
grep -E "ready|Demo|created in school|Import .* created|published by bundle fr.preau.(portal|web)|Search source|Jetty|Started" "$T/data/log/preau.log" | head -30 | cut -c12-23,60-200
stop_jvm "$JVM"
