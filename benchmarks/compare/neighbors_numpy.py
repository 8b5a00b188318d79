#!/usr/bin/python3
"""Time an exact k-nearest-neighbor query over an activation matrix with numpy.

This is the peer of DataDirectoryBenchmark.activationNeighbors: the same .npy matrix, the same
query samples (row 7919*i mod N), the same k. Two numpy formulations are timed:

  direct   -- sqrt(((X - q) ** 2).sum(axis=1)) then argpartition, what most code writes;
  gemv     -- |x|^2 - 2 X.q + |q|^2 with the row norms computed once beforehand (BLAS).

Prints one JSON object with the median milliseconds of each.
"""
import argparse
import json
import statistics
import time

import numpy as np


def knn_direct(matrix, query_row, k):
    q = matrix[query_row]
    distances = np.sqrt(((matrix - q) ** 2).sum(axis=1))
    distances[query_row] = np.inf
    nearest = np.argpartition(distances, k)[:k]
    return nearest[np.argsort(distances[nearest], kind="stable")]


def knn_gemv(matrix, norms, query_row, k):
    q = matrix[query_row]
    squared = norms - 2.0 * (matrix @ q) + float(q @ q)
    squared[query_row] = np.inf
    nearest = np.argpartition(squared, k)[:k]
    return nearest[np.argsort(squared[nearest], kind="stable")]


def median_ms(function, repeats):
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        function(i)
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("npy", help="the activation matrix (N, D) float32")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()

    matrix = np.load(args.npy, mmap_mode="r")
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)  # into RAM, as the page cache is hot
    rows = matrix.shape[0]

    def query(i):
        return (7919 * (i + 1)) % rows

    for i in range(3):  # warm-up
        knn_direct(matrix, query(i), args.k)

    direct = median_ms(lambda i: knn_direct(matrix, query(i), args.k), args.repeats)
    norm_start = time.perf_counter()
    norms = np.einsum("ij,ij->i", matrix, matrix)
    norm_ms = (time.perf_counter() - norm_start) * 1000.0
    gemv = median_ms(lambda i: knn_gemv(matrix, norms, query(i), args.k), args.repeats)

    print(json.dumps({
        "rows": rows,
        "width": int(matrix.shape[1]),
        "k": args.k,
        "numpy": np.__version__,
        "direct_median_ms": round(direct, 3),
        "gemv_median_ms": round(gemv, 3),
        "gemv_norms_once_ms": round(norm_ms, 3),
    }))


if __name__ == "__main__":
    main()
