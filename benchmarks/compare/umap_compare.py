"""UMAP side by side: this library against umap-learn on Fashion-MNIST, in the same run.

Called by umap_compare.sh, one step at a time:

  umap_compare.py prepare WORK            write fashion-10000.npy, fashion-70000.npy (pixels in
                                          [0, 1], float32) and labels.npy under WORK
  umap_compare.py umap-learn WORK N       fit umap-learn on the first N rows (after a warm-up fit
                                          of 5,000 rows that compiles its numba code), time it,
                                          save the embedding, time transforms of one row and of a
                                          10-row trajectory; writes umap-learn-N.json
  umap_compare.py trust WORK N EMB.npy NAME
                                          trustworthiness at k = 15 of an embedding of the first
                                          N rows; above 12,000 rows on a fixed random subsample
                                          of 5,000 rows (the same rows for every embedding)
  umap_compare.py report WORK             print the table from the JSON files in WORK

Both sides fit the raw pixels: no standardisation, no PCA (umap-learn never does either; this
library is told --no-standardise --pca 0). umap-learn runs with random_state=42, as this
library runs with seed 42, so both are reproducible.
"""
import gzip
import json
import os
import sys
import time

import numpy as np

FASHION = os.environ.get("FASHION_DIR", "/usr/share/datasets/fashion-mnist")
SUBSAMPLE = 5000
SUBSAMPLE_ABOVE = 12000


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def prepare(work):
    os.makedirs(work, exist_ok=True)
    images = np.vstack([read_idx(os.path.join(FASHION, "train-images-idx3-ubyte.gz")),
                        read_idx(os.path.join(FASHION, "t10k-images-idx3-ubyte.gz"))])
    labels = np.concatenate([read_idx(os.path.join(FASHION, "train-labels-idx1-ubyte.gz")),
                             read_idx(os.path.join(FASHION, "t10k-labels-idx1-ubyte.gz"))])
    pixels = (images.reshape(len(images), -1).astype(np.float32) / 255.0)
    np.save(os.path.join(work, "fashion-70000.npy"), pixels)
    np.save(os.path.join(work, "fashion-10000.npy"), pixels[:10000])
    np.save(os.path.join(work, "labels.npy"), labels)


def blends(data, count, seed):
    """New rows: blends of two rows, as the Java benchmark makes them."""
    rng = np.random.default_rng(seed)
    a = data[rng.integers(0, len(data), count)]
    b = data[rng.integers(0, len(data), count)]
    mix = rng.uniform(0.2, 0.8, size=(count, 1)).astype(np.float32)
    return ((1 - mix) * a + mix * b).astype(np.float32)


def trajectory(data, steps, seed):
    rng = np.random.default_rng(seed)
    a = data[rng.integers(0, len(data))]
    b = data[rng.integers(0, len(data))]
    t = np.linspace(0, 1, steps, dtype=np.float32)[:, None]
    return ((1 - t) * a + t * b).astype(np.float32)


def umap_learn(work, rows):
    import umap

    data = np.load(os.path.join(work, "fashion-70000.npy"))[:rows]
    warm = umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=42)
    started = time.perf_counter()
    warm.fit(data[:5000])
    warm_seconds = time.perf_counter() - started

    reducer = umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=42)
    started = time.perf_counter()
    embedding = reducer.fit_transform(data)
    fit_seconds = time.perf_counter() - started
    np.save(os.path.join(work, "umap-learn-%d.npy" % rows), embedding.astype(np.float32))

    points = blends(data, 8, 7)
    reducer.transform(points[:1])  # warm-up: the first transform compiles
    one = []
    for q in range(1, 8):
        started = time.perf_counter()
        reducer.transform(points[q:q + 1])
        one.append(time.perf_counter() - started)
    ten = []
    for t in range(5):
        path = trajectory(data, 10, 100 + t)
        started = time.perf_counter()
        reducer.transform(path)
        ten.append(time.perf_counter() - started)

    result = {"rows": rows, "warmup_fit_5000_seconds": warm_seconds,
              "fit_seconds": fit_seconds,
              "transform_one_median_ms": 1000 * float(np.median(one)),
              "transform_trajectory10_median_ms": 1000 * float(np.median(ten)),
              "umap_learn_version": getattr(umap, "__version__", "unknown")}
    with open(os.path.join(work, "umap-learn-%d.json" % rows), "w") as f:
        json.dump(result, f, indent=2)


def trust(work, rows, embedding_file, name):
    from sklearn.manifold import trustworthiness

    data = np.load(os.path.join(work, "fashion-70000.npy"))[:rows]
    embedding = np.load(embedding_file)
    assert len(embedding) == rows, (embedding_file, embedding.shape)
    note = "all rows"
    if rows > SUBSAMPLE_ABOVE:
        index = np.random.default_rng(0).choice(rows, SUBSAMPLE, replace=False)
        data, embedding = data[index], embedding[index]
        note = "fixed random subsample of %d rows" % SUBSAMPLE
    value = float(trustworthiness(data, embedding, n_neighbors=15))
    with open(os.path.join(work, "trust-%s-%d.json" % (name, rows)), "w") as f:
        json.dump({"rows": rows, "trustworthiness": value, "on": note}, f, indent=2)


def load(work, name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def report(work):
    lines = ["| Measurement | DiffViews (native) | umap-learn | Ratio / goal |",
             "|---|---|---|---|"]
    for rows in (10000, 70000):
        tj = load(work, "trust-java-%d.json" % rows)
        tp = load(work, "trust-umap-learn-%d.json" % rows)
        if tj and tp:
            diff = tj["trustworthiness"] - tp["trustworthiness"]
            lines.append("| Trustworthiness k=15, %dk (%s) | %.4f | %.4f | %+.4f (goal within "
                         "0.01) |" % (rows // 1000, tj["on"], tj["trustworthiness"],
                                      tp["trustworthiness"], diff))
        fj = load(work, "java-fit-%d.json" % rows)
        fp = load(work, "umap-learn-%d.json" % rows)
        if fj and fp:
            ratio = fj["seconds"] / fp["fit_seconds"]
            goal = " (goal <= 0.5)" if rows == 70000 else ""
            lines.append("| Fit %dk x 784, seconds | %.1f | %.1f | %.2f%s |"
                         % (rows // 1000, fj["seconds"], fp["fit_seconds"], ratio, goal))
        f1 = load(work, "java-fit-%d-1thread.json" % rows)
        if f1 and fp:
            lines.append("| Fit %dk x 784 on one thread (umap-learn's seeded SGD is "
                         "single-threaded too), seconds | %.1f | %.1f | %.2f |"
                         % (rows // 1000, f1["seconds"], fp["fit_seconds"],
                            f1["seconds"] / fp["fit_seconds"]))
    fp = load(work, "umap-learn-70000.json")
    jmh = load(work, "java-transform-jmh.json")
    if jmh and fp:
        scores = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in jmh}
        one = scores["transformOne"]["scorePercentiles"]["50.0"]
        ten = scores["transformTrajectory"]["scorePercentiles"]["50.0"]
        lines.append("| Transform 1 point into the 70k model, median ms | %.3f | %.1f | "
                     "goal <= 2 ms |" % (one, fp["transform_one_median_ms"]))
        lines.append("| Transform a 10-point trajectory, median ms | %.3f | %.1f | "
                     "goal <= 10 ms |" % (ten, fp["transform_trajectory10_median_ms"]))
    jmh50 = load(work, "java-transform-pca50-jmh.json")
    if jmh50:
        scores = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in jmh50}
        lines.append("| Same, model standardised + PCA 50 (the default): 1 point / 10 points, "
                     "median ms | %.3f / %.3f | — | goal <= 2 / <= 10 ms |"
                     % (scores["transformOne"]["scorePercentiles"]["50.0"],
                        scores["transformTrajectory"]["scorePercentiles"]["50.0"]))
    recall = load(work, "java-recall.json")
    if recall:
        lines.append("| NN-descent recall at k=15 vs exact, %dk rows | %.4f (%.1f s; exact "
                     "%.1f s) | — | goal >= 0.95 |" % (recall["rows"] // 1000,
                                                     recall["recall"],
                                                     recall["nn_descent_seconds"],
                                                     recall["exact_seconds"]))
    print("\n".join(lines))


def main(argv):
    step, work = argv[1], argv[2]
    if step == "prepare":
        prepare(work)
    elif step == "umap-learn":
        umap_learn(work, int(argv[3]))
    elif step == "trust":
        trust(work, int(argv[3]), argv[4], argv[5])
    elif step == "report":
        report(work)
    else:
        raise SystemExit("unknown step " + step)


if __name__ == "__main__":
    main(sys.argv)
