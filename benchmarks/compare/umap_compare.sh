#!/usr/bin/env bash
# UMAP side by side on Fashion-MNIST: this library (native backend) against umap-learn, the same
# data in the same run. Takes 15-30 minutes on 2 cores; run it at the end, not in a loop.
#
#   benchmarks/compare/umap_compare.sh                 # 10k and 70k x 784, raw pixels
#   SIZES=10000 benchmarks/compare/umap_compare.sh     # only the 10k fit
#
# Both sides fit the raw pixels scaled to [0, 1] with 15 neighbors, min_dist 0.1, seed 42 (no
# standardisation, no PCA on either side). umap-learn is timed after a warm-up fit in the same
# process (its numba compilation excluded); this library is timed inside the fit-umap command
# (JVM start-up excluded). Trustworthiness (scikit-learn, k = 15) is computed on all rows at 10k
# and on a fixed random subsample of 5,000 rows at 70k, the same rows for both. Transform medians
# come from JMH (UmapTransformBenchmark) on the fitted 70k model; NN-descent recall from
# UmapRecall on the first 20,000 rows. Needs the Debian packages umap-learn, python3-sklearn and
# dataset-fashion-mnist.
set -euo pipefail
cd "$(dirname "$0")/../.."

work="${WORK:-benchmarks/target/umap-compare}"
sizes="${SIZES:-10000 70000}"
python=/usr/bin/python3
java_opts="-Xmx10g --add-modules jdk.incubator.vector"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"

./mvnw -q -B -DskipTests -Dcheckstyle.skip -pl benchmarks,diffviews-viz -am package
viz_jar="$(ls diffviews-viz/target/diffviews-viz-*.jar | grep -v -e sources -e javadoc -e tests \
    | head -n 1)"
bench_jar=benchmarks/target/benchmarks.jar

mkdir -p "$work"
[ -f "$work/fashion-70000.npy" ] || $python benchmarks/compare/umap_compare.py prepare "$work"

for rows in $sizes; do
    input="$work/fashion-$rows.npy"
    [ -f "$input" ] || $python -c "import numpy as np; np.save('$input', \
        np.load('$work/fashion-70000.npy')[:$rows])"
    echo "== fit $rows x 784: DiffViews" >&2
    java $java_opts -jar "$viz_jar" fit-umap --input "$input" --out "$work/java-$rows.npy" \
        --no-standardise --pca 0 --seed 42 --save-model "$work/java-$rows.projection" --quiet \
        > "$work/java-fit-$rows.json"
    if [ "${ONE_THREAD:-1}" = 1 ]; then
        echo "== fit $rows x 784: DiffViews on one thread" >&2
        java $java_opts -jar "$viz_jar" fit-umap --input "$input" \
            --out "$work/java-$rows-1thread.npy" --no-standardise --pca 0 --seed 42 \
            --threads 1 --quiet > "$work/java-fit-$rows-1thread.json"
        cmp -s "$work/java-$rows.npy" "$work/java-$rows-1thread.npy" \
            && echo "   same coordinates, bit for bit, as on every thread" >&2
    fi
    echo "== fit $rows x 784: umap-learn" >&2
    $python benchmarks/compare/umap_compare.py umap-learn "$work" "$rows"
    echo "== trustworthiness $rows" >&2
    $python benchmarks/compare/umap_compare.py trust "$work" "$rows" "$work/java-$rows.npy" java
    $python benchmarks/compare/umap_compare.py trust "$work" "$rows" \
        "$work/umap-learn-$rows.npy" umap-learn
done

# -jvmArgsAppend on the command line replaces the benchmark's own, so repeat them here.
jmh_jvm="-Xmx8g --add-modules=jdk.incubator.vector"
if [ -d "$work/java-70000.projection" ]; then
    echo "== transform (JMH) on the 70k model (raw pixels)" >&2
    java -jar "$bench_jar" UmapTransformBenchmark -bm sample -p backend=native -p rows=70000 -p pca=0 \
        -jvmArgsAppend "$jmh_jvm -Ddiffviews.bench.umapModel=$work/java-70000.projection" \
        -rf json -rff "$work/java-transform-jmh.json" > "$work/java-transform-jmh.log"
fi
if [ "${PCA_TRANSFORM:-1}" = 1 ]; then
    echo "== transform (JMH) on a 70k model with standardisation and PCA to 50" >&2
    java -jar "$bench_jar" UmapTransformBenchmark -bm sample -p backend=native -p rows=70000 -p pca=50 \
        -jvmArgsAppend "$jmh_jvm -Ddiffviews.bench.dir=$work" \
        -rf json -rff "$work/java-transform-pca50-jmh.json" > "$work/java-transform-pca50-jmh.log"
fi

echo "== NN-descent recall, 20k rows" >&2
java $java_opts -cp "$bench_jar" io.github.diffviews.benchmarks.UmapRecall \
    "$work/fashion-70000.npy" 20000 > "$work/java-recall.json"

$python benchmarks/compare/umap_compare.py report "$work"
