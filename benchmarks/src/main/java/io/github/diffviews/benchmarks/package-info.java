/**
 * JMH benchmarks of DiffViews: opening data directories, neighbor queries, UMAP fit and
 * transform, engine forwards and sampler overhead. Build with {@code mvn -pl benchmarks -am
 * package} and run {@code java -jar benchmarks/target/benchmarks.jar -rf json}; the scripts in
 * {@code benchmarks/compare/} run the Python peers on the same inputs and print ratios.
 */
package io.github.diffviews.benchmarks;
