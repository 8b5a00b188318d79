/**
 * JMH benchmarks of DiffViews and the helpers their comparison scripts use. Build the shaded jar
 * with {@code mvn -pl benchmarks -am package -DskipTests} and run
 * {@code java -jar benchmarks/target/benchmarks.jar -h}; the scripts in
 * {@code benchmarks/compare/} run the Python peers in the same session and print ratios.
 */
package io.github.diffviews.benchmarks;
