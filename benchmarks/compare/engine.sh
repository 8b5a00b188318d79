#!/usr/bin/env bash
# Times one forward of the ImageNet-64 EDM/ADM network (random weights, batch 1, CPU) in Java
# (JMH, EngineForwardBenchmark) and in PyTorch eager from Python (edm_forward.py) in the same
# run, with the same thread count, after checking that both compute the same function; then
# measures the generator's overhead over bare denoising calls (SamplerOverheadBenchmark).
#
#   benchmarks/compare/engine.sh                 # 2 threads
#   THREADS=1 WARMUP=10 ITERATIONS=10 benchmarks/compare/engine.sh
#
# Environment: THREADS (2), WARMUP (8 warm-up iterations per side), ITERATIONS (8 measured),
# BENCH_DIR (where the 1.2 GB of random weights are kept between runs; /tmp/diffviews-bench),
# SKIP_BUILD=1 to reuse benchmarks/target/benchmarks.jar, SKIP_SAMPLER=1 to skip the overhead
# benchmark. Needs /usr/bin/python3 with numpy and torch (Debian: python3-torch python3-numpy).
# Medians are of per-iteration averages; this machine's first seconds of a new process are
# often much slower, hence the long warm-up on both sides.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${THREADS:-2}"
warmup="${WARMUP:-8}"
iterations="${ITERATIONS:-8}"
bench_dir="${BENCH_DIR:-/tmp/diffviews-bench}"
network="dmd2-imagenet-64"
jar="$root/benchmarks/target/benchmarks.jar"
python=/usr/bin/python3
data="$bench_dir/$network"
results="$bench_dir/results"
mkdir -p "$data" "$results"

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
    echo "== building benchmarks.jar" >&2
    (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests -Dcheckstyle.skip >&2)
fi

echo "== random weights, fixed input and the Java output in $data" >&2
java -Xmx3g -Dai.djl.offline=true -cp "$jar" io.github.diffviews.benchmarks.BenchmarkNetworks \
    "$network" "$data" "$data/java_out.npy" > /dev/null 2> "$results/check_java.log"

echo "== same function: PyTorch peer on the same weights and input" >&2
"$python" "$root/benchmarks/compare/edm_forward.py" --weights "$data/model.safetensors" \
    --network "$data/network.json" --input "$data/x.npy" --sigma "$data/sigma.npy" \
    --labels "$data/labels.npy" --output "$data/python_out.npy" --threads "$threads" \
    --warmup 0 --iterations 1 > /dev/null
check=$("$python" -c "
import numpy as np
a = np.load('$data/java_out.npy'); b = np.load('$data/python_out.npy')
print('%.2e' % (abs(a - b).max() / abs(b).max()))")
echo "   max|java - python| / max|python| = $check" >&2

echo "== PyTorch eager: $warmup warm-up + $iterations measured forwards, $threads threads" >&2
"$python" "$root/benchmarks/compare/edm_forward.py" --weights "$data/model.safetensors" \
    --network "$data/network.json" --threads "$threads" --warmup "$warmup" \
    --iterations "$iterations" > "$results/python_forward.json"

echo "== Java (JMH EngineForwardBenchmark): same counts, $threads threads" >&2
java -jar "$jar" EngineForwardBenchmark -p threads="$threads" -p network="$network" \
    -wi "$warmup" -i "$iterations" -w 1s -r 1s \
    -jvmArgsAppend "-Ddiffviews.bench.weights=$data/model.safetensors" \
    -rf json -rff "$results/java_forward.json" > "$results/java_forward.log"

if [ "${SKIP_SAMPLER:-0}" != 1 ]; then
    echo "== sampler overhead (JMH SamplerOverheadBenchmark, small network)" >&2
    java -jar "$jar" SamplerOverheadBenchmark -p threads="$threads" -wi 10 -i 10 \
        -rf json -rff "$results/sampler.json" > "$results/sampler.log"
fi

"$python" - "$results" "$check" <<'PY'
import json, os, statistics, sys
results, check = sys.argv[1], sys.argv[2]
py = json.load(open(os.path.join(results, "python_forward.json")))
java = json.load(open(os.path.join(results, "java_forward.json")))[0]
java_runs = [ms / 1000 for ms in java["primaryMetric"]["rawData"][0]]
java_median = statistics.median(java_runs)
print("ImageNet-64 forward, batch 1, %d threads (same function: rel. diff %s)"
      % (py["threads"], check))
print("  Java (DJL, libtorch)    median %.3f s  [%s]"
      % (java_median, ", ".join("%.2f" % t for t in java_runs)))
print("  Python (torch %s)  median %.3f s  [%s]"
      % (py["torch"], py["median_s"], ", ".join("%.2f" % t for t in py["times_s"])))
print("  ratio Java / PyTorch    %.2f  (goal <= 1.0)" % (java_median / py["median_s"]))
sampler = os.path.join(results, "sampler.json")
if os.path.exists(sampler):
    runs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["rawData"][0]
            for r in json.load(open(sampler))}
    generate = statistics.median(runs["generate"])
    bare = statistics.median(runs["bareCalls"])
    print("Sampler overhead, small network, 5 steps")
    print("  generate median %.1f ms, 5 bare calls median %.1f ms, overhead %+.1f %% (goal <= 5 %%)"
          % (generate, bare, 100 * (generate / bare - 1)))
PY
