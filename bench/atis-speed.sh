#!/bin/sh
# Training speed on a dataset, per JDK, kernel set, batch size and thread count: the README's
# performance table. Each configuration trains EPOCHS epochs (default 4) and reports the median
# seconds and words/s of the epochs after the first (the first one includes JIT warm-up).
#
#   mvn -q -B package -DskipTests
#   bench/atis-speed.sh ../shared/data/atis            # JDK 17 (java on PATH) and JDK 25 if present
#   JDKS="/usr/lib/jvm/temurin-25-jdk-amd64" bench/atis-speed.sh ../shared/data/atis
#
# Prints one markdown table row per configuration:
#   | JDK | kernels | batch | threads | s/epoch | words/s |
set -eu
DATA=${1:?usage: bench/atis-speed.sh DATA_DIR}
EPOCHS=${EPOCHS:-4}
JAR=${JAR:-target/rnnslu.jar}
JDKS=${JDKS:-"$(dirname "$(dirname "$(readlink -f "$(command -v java)")")") /usr/lib/jvm/temurin-25-jdk-amd64"}
CONFIGS=${CONFIGS:-"vector:1:1 vector:1:2 vector:16:1 vector:16:2 vector:64:1 vector:64:2 scalar:1:1"}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "| JDK | kernels | batch | threads | s/epoch | words/s |"
echo "|---|---|---:|---:|---:|---:|"
for jdk in $JDKS; do
  [ -x "$jdk/bin/java" ] || continue
  version=$("$jdk/bin/java" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')
  for cfg in $CONFIGS; do
    kernels=${cfg%%:*}; rest=${cfg#*:}; batch=${rest%%:*}; threads=${rest#*:}
    lr=""; [ "$batch" -gt 1 ] && lr="--lr 1.0"
    epochs=$EPOCHS; [ "$kernels" = scalar ] && epochs=2
    "$jdk/bin/java" --add-modules jdk.incubator.vector -Xmx64m -jar "$JAR" train --data "$DATA" \
        --out "$OUT/m" --epochs "$epochs" --batch "$batch" --threads "$threads" --kernels "$kernels" $lr \
        --progress lines 2>/dev/null > "$OUT/log" || { echo "| $version | $kernels | $batch | $threads | failed | |"; continue; }
    # "[learning] epoch E >> 100.00% completed in S (sec) << W words/s, ..." for every epoch but the first
    grep '>> 100.00% completed' "$OUT/log" | tail -n +2 | sed 's/.*completed in \([0-9.]*\) (sec) << \([0-9,]*\) words.*/\1 \2/' \
        | tr -d ',' | sort -n | awk -v v="$version" -v k="$kernels" -v b="$batch" -v t="$threads" '
          { s[NR] = $1; w[NR] = $2 }
          END { m = int((NR + 1) / 2); printf "| %s | %s | %d | %d | %.2f | %\047d |\n", v, k, b, t, s[m], w[m] }'
  done
done
