#!/bin/bash
# CPU of the viewer's threads in the local run: 60 s with no page open, then 60 s with one headless
# Chromium showing the demo camera. Run from the repository root after `mvn install -DskipTests`.
set -u
cd it-tests/dev-stack
OPENS=$(sed -n 's:.*<ferstream.jvm.opens>\(.*\)</ferstream.jvm.opens>.*:\1:p' ../../pom.xml)
java -Xmx3g $OPENS -Dlog4j2.configurationFile=log4j2-local.xml -cp "target/classes:$(cat target/stack.classpath)" \
  io.ferstream.local.LocalPipeline --run-for 200s --flink-port 28081 --registry-port 28085 --gate-port 28090 \
  --prometheus-port 29249 --viewer-port 28070 > /tmp/viewer-cpu-local.log 2>&1 &
lp=$!
for i in $(seq 1 90); do curl -s -o /dev/null http://127.0.0.1:28070/healthz && break; sleep 1; done
sleep 20
ticks() { local t=0; for task in /proc/$lp/task/*; do c=$(cat $task/comm 2>/dev/null); case "$c" in viewer-*) set -- $(sed 's/^.*) //' $task/stat); t=$((t + ${12} + ${13}));; esac; done; echo $t; }
hz=$(getconf CLK_TCK)
a=$(ticks); sleep 60; b=$(ticks)
echo "no page open: viewer threads $(( (b - a) * 1000 / hz )) ms CPU in 60 s"
chromium --headless --no-sandbox --disable-gpu --user-data-dir=/tmp/viewer-cpu-profile "http://127.0.0.1:28070/" > /dev/null 2>&1 &
cr=$!
sleep 10
a=$(ticks); sleep 60; b=$(ticks)
echo "one page open (1 camera): viewer threads $(( (b - a) * 1000 / hz )) ms CPU in 60 s"
curl -s http://127.0.0.1:28070/api/state | head -c 300; echo
kill $cr; wait $cr 2>/dev/null
kill $lp; wait $lp
grep -i "viewer" /tmp/viewer-cpu-local.log | head -3
