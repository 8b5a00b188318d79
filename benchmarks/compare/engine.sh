#!/usr/bin/env bash
# Times one forward of the ImageNet-64 EDM/ADM network (random weights, batch 1, CPU) in Java
# (JMH, EngineForwardBenchmark) and in PyTorch eager from Python (edm_forward.py) in the same
# run, with the same thread count, after checking that both compute the same function; then
# measures the generator's overhead over bare denoising calls (SamplerOverheadBenchmark).
#
#   benchmarks/compare/engine.sh                 # 2 threads
#   THREADS=1 ROUNDS=5 benchmarks/compare/engine.sh
#
# The peers run in alternating rounds (a fresh process each), so that load from other programs
# on the machine falls on both sides alike.
#
# Environment: THREADS (2), ROUNDS (3), WARMUP (4 warm-up forwards per side and round),
# ITERATIONS (4 measured per side and round),
# BENCH_DIR (where the 1.2 GB of random weights are kept between runs; /tmp/diffviews-bench),
# SKIP_BUILD=1 to reuse benchmarks/target/benchmarks.jar, SKIP_SAMPLER=1 to skip the overhead
# benchmark. Needs /usr/bin/python3 with numpy and torch (Debian: python3-torch python3-numpy).
# Medians are of per-iteration averages; this machine's first seconds of a new process are
# often much slower, hence the long warm-up on both sides.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${THREADS:-2}"
warmup="${WARMUP:-4}"
iterations="${ITERATIONS:-4}"
rounds="${ROUNDS:-3}"
bench_dir="${BENCH_DIR:-/tmp/diffviews-bench}"
network="dmd2-imagenet-64"
jar="$root/benchmarks/target/benchmarks.jar"
python=/usr/bin/python3
data="$bench_dir/$network"
results="$bench_dir/results"
mkdir -p "$data" "$results"
rm -f "$results"/*.json "$results"/*.log

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

for round in $(seq 1 "$rounds"); do
    echo "== round $round/$rounds: PyTorch eager, $warmup warm-up + $iterations measured" >&2
    "$python" "$root/benchmarks/compare/edm_forward.py" --weights "$data/model.safetensors" \
        --network "$data/network.json" --threads "$threads" --warmup "$warmup" \
        --iterations "$iterations" > "$results/python_forward_$round.json"

    echo "== round $round/$rounds: Java (JMH EngineForwardBenchmark), same counts" >&2
    java -jar "$jar" EngineForwardBenchmark -p threads="$threads" -p network="$network" \
        -wi "$warmup" -i "$iterations" -w 1s -r 1s \
        -jvmArgsAppend "-Ddiffviews.bench.weights=$data/model.safetensors" \
        -rf json -rff "$results/java_forward_$round.json" > "$results/java_forward_$round.log"

    if [ "${SKIP_SAMPLER:-0}" != 1 ]; then
        echo "== round $round/$rounds: sampler overhead (JMH SamplerOverheadBenchmark)" >&2
        java -jar "$jar" SamplerOverheadBenchmark -p threads="$threads" -wi 6 -i 6 -w 1s -r 1s \
            -rf json -rff "$results/sampler_$round.json" > "$results/sampler_$round.log"
    fi
done

"$python" - "$results" "$check" <<'PY'
import glob, json, os, statistics, sys
results, check = sys.argv[1], sys.argv[2]
rounds = sorted(glob.glob(os.path.join(results, "python_forward_*.json")))
py_runs, java_runs, torch_version, threads = [], [], "", 0
for path in rounds:
    py = json.load(open(path))
    py_runs += py["times_s"]
    torch_version, threads = py["torch"], py["threads"]
    java = json.load(open(path.replace("python_forward_", "java_forward_")))[0]
    java_runs += [ms / 1000 for ms in java["primaryMetric"]["rawData"][0]]
java_median, py_median = statistics.median(java_runs), statistics.median(py_runs)
print("ImageNet-64 forward, batch 1, %d threads, %d rounds (same function: rel. diff %s)"
      % (threads, len(rounds), check))
print("  Java (DJL, libtorch)     median %.3f s  min %.3f  [%s]"
      % (java_median, min(java_runs), ", ".join("%.2f" % t for t in java_runs)))
print("  Python (torch %s)  median %.3f s  min %.3f  [%s]"
      % (torch_version, py_median, min(py_runs), ", ".join("%.2f" % t for t in py_runs)))
print("  ratio Java / PyTorch     %.2f of medians, %.2f of minima  (goal <= 1.0)"
      % (java_median / py_median, min(java_runs) / min(py_runs)))
samplers = sorted(glob.glob(os.path.join(results, "sampler_*.json")))
if samplers:
    ratios, generate_all, bare_all, only_all = [], [], [], []
    for path in samplers:
        runs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["rawData"][0]
                for r in json.load(open(path))}
        generate_all += runs["generate"]
        bare_all += runs["bareCalls"]
        only_all = only_all + runs.get("generatorOnly", [])
        ratios.append(statistics.median(runs["generate"]) / statistics.median(runs["bareCalls"]))
    print("Sampler overhead, small network, 5 steps, %d rounds" % len(samplers))
    print("  generate median %.1f ms, 5 bare calls median %.1f ms"
          % (statistics.median(generate_all), statistics.median(bare_all)))
    print("  overhead per round %s; median %+.1f %% (goal <= 5 %%)"
          % (", ".join("%+.1f %%" % (100 * (r - 1)) for r in ratios),
             100 * (statistics.median(ratios) - 1)))
    if only_all:
        only = statistics.median(only_all)
        print("  generator's own work (instant denoiser) median %.3f ms = %.2f %% of the 5 "
              "bare calls" % (only, 100 * only / statistics.median(bare_all)))
PY
