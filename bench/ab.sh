#!/bin/sh
# Two commits of rnnslu timed side by side in one JVM (bench/ab/AB.java): for a machine whose speed
# changes from one run to the next, the median ratio of alternating 20 ms slices is robust where
# separate runs are not.
#
#   bench/ab.sh REF_A REF_B OP [N]          e.g.  bench/ab.sh a117fd6 HEAD step 11
#   OP: step batch16 batch32 batch64 inproj out dzwT dw bptt recur dawxT dwx dwh handover fma stream
#   (N: words, or for handover the multiply-adds of each of its 2 parts, for stream the bytes; default 11)
#   fma / stream: the roof at the side's width (FMA peak; a dot product over N bytes)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/ab.sh ...
#   NC=127 bench/ab.sh ...     (label count of the shapes; default 120, this ATIS copy's)
#   NH=800 bench/ab.sh ...     (hidden units; default 200)
#   BITS=128,256 bench/ab.sh HEAD HEAD step 11   (each side's vector width: one width against another)
#   WARMUP=6 bench/ab.sh ...   (seconds of warm-up per side; default 1.5)
set -eu
A=${1:?usage: bench/ab.sh REF_A REF_B OP [N]}; B=${2:?}; OP=${3:?}; N=${4:-11}
JAVA=${JAVA:-java}
JAVAC=${JAVAC:-$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac}
ROOT=$(git rev-parse --show-toplevel)
WORK=$(mktemp -d)
trap 'git -C "$ROOT" worktree remove --force "$WORK/a" >/dev/null 2>&1 || true;
      git -C "$ROOT" worktree remove --force "$WORK/b" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
for side in a b; do
  ref=$A; [ "$side" = b ] && ref=$B
  git -C "$ROOT" worktree add --detach "$WORK/$side" "$ref" >/dev/null 2>&1
  (cd "$WORK/$side" && mvn -q -B compile >"$WORK/build-$side.log" 2>&1) || { cat "$WORK/build-$side.log" >&2; exit 1; }
done
mkdir "$WORK/ops"
"$JAVAC" --release 17 --add-modules jdk.incubator.vector -Xlint:-options -cp "$WORK/b/target/classes" -d "$WORK/ops" \
  "$ROOT/bench/ab/Op.java" "$ROOT/bench/ab/AB.java" "$ROOT/bench/ab/Roof.java"
"$JAVA" --add-modules jdk.incubator.vector -Dab.nc="${NC:-120}" -Dab.bits="${BITS:-,}" -Dab.nh="${NH:-200}" -Dab.warmup="${WARMUP:-1.5}" -cp "$WORK/ops" AB "$OP" "$N" "$WORK/a/target/classes" "$WORK/b/target/classes" 2>&1 \
  | grep -v 'incubator modules'
