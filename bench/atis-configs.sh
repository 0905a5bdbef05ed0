#!/bin/sh
# Training cost of each network configuration, side by side: the table of
# docs/experiments/configurations.md. Each round trains every configuration for EPOCHS epochs
# (default 3), one after the other, so a busy machine slows all of them alike; ROUNDS rounds
# (default 3). For each configuration it prints the median over rounds of the median training
# seconds of the epochs after the first (the JIT's warm-up), its words/s, the process's CPU seconds
# per epoch (user + system over the whole run: JIT and scoring included), and both as ratios to
# the first configuration.
#
#   mvn -q -B package -DskipTests
#   bench/atis-configs.sh ../shared/data/atis
#   ROUNDS=5 EPOCHS=4 bench/atis-configs.sh ../shared/data/atis
#
# CONFIGS: name=flags pairs separated by ';' (flags joined by ','), default below.
set -eu
DATA=${1:?usage: bench/atis-configs.sh DATA_DIR}
EPOCHS=${EPOCHS:-3}
ROUNDS=${ROUNDS:-3}
JAR=${JAR:-target/rnnslu.jar}
JAVA=${JAVA:-java}
CONFIGS=${CONFIGS:-"elman=;bi=--direction,bi;jordan=--recurrence,jordan;crf=--output,crf;joint-max=--task,joint,--intent-pool,max"}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

names=$(echo "$CONFIGS" | tr ';' '\n' | sed 's/=.*//')
round=1
while [ "$round" -le "$ROUNDS" ]; do
  echo "$CONFIGS" | tr ';' '\n' | while IFS='=' read -r name flags; do
    flags=$(echo "$flags" | tr ',' ' ')
    # shellcheck disable=SC2086
    /usr/bin/time -f '%U %S' -o "$OUT/time" "$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" train \
        --data "$DATA" --out "$OUT/m-$name" --epochs "$EPOCHS" --threads 1 --progress lines $flags \
        2>/dev/null > "$OUT/log" || { echo "$name failed" >&2; exit 1; }
    # "[learning] epoch E >> 100.00% completed in S (sec) << W words/s, ..." after the first epoch
    s=$(grep '>> 100.00% completed' "$OUT/log" | tail -n +2 | sed 's/.*completed in \([0-9.]*\) (sec).*/\1/' \
        | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    words=$(sed -n 's/.*, \([0-9,]*\) training words$/\1/p' "$OUT/log" | tr -d ',' | head -1)
    cpu=$(awk -v e="$EPOCHS" '{ printf "%.2f", ($1 + $2) / e }' "$OUT/time")
    echo "$name $s $words $cpu" >> "$OUT/rows"
    rm -rf "$OUT/m-$name" "$OUT/m-$name.checkpoint"
  done
  round=$((round + 1))
done

echo "| configuration | s/epoch (median) | words/s | CPU s/epoch | time ratio | CPU ratio |"
echo "|---|---:|---:|---:|---:|---:|"
first=""
for name in $names; do
  row=$(awk -v n="$name" '$1 == n { s[++k] = $2; c[k] = $4; w = $3 }
    END { m = int((k + 1) / 2);
          # medians of k values each
          for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) { if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
                                                                 if (c[j] < c[i]) { t = c[i]; c[i] = c[j]; c[j] = t } }
          printf "%s %s %s", s[m], c[m], w }' "$OUT/rows")
  s=${row%% *}; rest=${row#* }; c=${rest%% *}; w=${rest#* }
  [ -n "$first" ] || first="$s $c"
  echo "$name $s $c $w $first" | awk '{ printf "| %s | %.2f | %d | %.2f | %.2f | %.2f |\n", $1, $2, $4 / $2, $3, $2 / $5, $3 / $6 }'
done
