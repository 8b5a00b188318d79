#!/usr/bin/env bash
# Activation-space neighbor query: this library (JMH) against numpy, same matrix, same run.
#
#   benchmarks/compare/neighbors.sh            # 100k x 512, 2 threads
#
# Prints both medians and the ratios Java / numpy (below 1 means Java is faster).
set -euo pipefail
cd "$(dirname "$0")/../.."

samples="${SAMPLES:-100000}"
width="${WIDTH:-512}"
data="benchmarks/target/bench-data"
jar="benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || mvn -q -B -DskipTests -pl benchmarks -am package

java -jar "$jar" DataDirectoryBenchmark -p samples="$samples" -p width="$width" \
    -jvmArgsAppend "-Ddiffviews.bench.dir=$data" -rf json -rff benchmarks/target/neighbors-jmh.json

npy="$data/synthetic-$samples-$width/activations/imagenet_real/batch_000000.npy"
OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 benchmarks/compare/neighbors_numpy.py \
    "$npy" > benchmarks/target/neighbors-numpy.json

/usr/bin/python3 - <<'PY'
import json
jmh = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in
       json.load(open("benchmarks/target/neighbors-jmh.json"))}
numpy = json.load(open("benchmarks/target/neighbors-numpy.json"))
java_ms = jmh["activationNeighbors"]["score"]
print(f"open 100k directory        : {jmh['open']['score']:.1f} ms (goal <= 1000 ms)")
print(f"map query k=10             : {jmh['mapNeighbors']['score']:.1f} us (goal <= 1000 us)")
print(f"activation query, Java     : {java_ms:.2f} ms")
print(f"activation query, numpy    : direct {numpy['direct_median_ms']:.2f} ms, "
      f"gemv {numpy['gemv_median_ms']:.2f} ms (+{numpy['gemv_norms_once_ms']:.0f} ms once)")
print(f"ratio Java/numpy direct    : {java_ms / numpy['direct_median_ms']:.2f}")
print(f"ratio Java/numpy gemv      : {java_ms / numpy['gemv_median_ms']:.2f}")
PY
