#!/bin/sh
# A load test of `rnnslu serve` (bench/serve/LoadTest.java): starts the server on a free loopback
# port with a small heap, runs CONNECTIONS concurrent clients for at most REQUESTS requests or
# DURATION seconds (after WARMUP seconds not counted), prints the client's report and the server's
# peak resident memory, then stops the server with SIGTERM. Good requests must get their exact
# answer (computed beforehand with a local Tagger of the same model), bad ones a 4xx.
#
#   mvn -q -B package -DskipTests
#   bench/serve-load.sh model                         # the model of train --data data, lines of data/test/seq.in
#   BAD=0.1 bench/serve-load.sh model                 # 10% malformed requests mixed in
#   bench/serve-load.sh atis-model ../shared/data/atis/test/seq.in
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/serve-load.sh model
#   CONNECTIONS=64 REQUESTS=200000 DURATION=30 WARMUP=10 XMX=128m THREADS=2 BAD=0 (the defaults; THREADS: the cores)
set -eu
MODEL=${1:?usage: bench/serve-load.sh MODEL_DIR [LINES_FILE]}
LINES=${2:-data/test/seq.in}
JAVA=${JAVA:-java}
JAVAC=${JAVAC:-$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac}
WORK=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
"$JAVAC" --release 17 -cp target/classes -d "$WORK" bench/serve/LoadTest.java
"$JAVA" --add-modules jdk.incubator.vector -Xmx"${XMX:-128m}" -Drnnslu.quiet=true -jar target/rnnslu.jar serve \
  --model "$MODEL" --port 0 ${THREADS:+--threads "$THREADS"} >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER=$!
for _ in $(seq 600); do
  grep -q '^listening on' "$WORK/server.out" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 1; }
  sleep 0.1
done
PORT=$(sed -n 's/^listening on http:\/\/.*:\([0-9]*\)$/\1/p' "$WORK/server.out")
echo "$("$JAVA" -version 2>&1 | head -1); server -Xmx${XMX:-128m} on port $PORT; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" --add-modules jdk.incubator.vector -Drnnslu.quiet=true -cp "target/classes:$WORK" LoadTest --port "$PORT" \
  --model "$MODEL" --lines "$LINES" --connections "${CONNECTIONS:-64}" --requests "${REQUESTS:-200000}" \
  --seconds "${DURATION:-30}" --warmup "${WARMUP:-10}" --bad "${BAD:-0}" 2>&1 | grep -v 'incubator modules'
echo "server: peak resident memory $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$SERVER/status"); load average $(cut -d' ' -f1-3 /proc/loadavg)"
kill -TERM "$SERVER"
wait "$SERVER" || true
SERVER=
if grep -v 'incubator modules' "$WORK/server.err" | grep -q .; then
  echo "server stderr:"; grep -v 'incubator modules' "$WORK/server.err" | head -5
fi
