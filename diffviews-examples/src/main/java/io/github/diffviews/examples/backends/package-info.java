/**
 * Backends plugged into the library's service-provider interfaces: a {@code pca} projection
 * backend ({@link io.github.diffviews.examples.backends.PcaProjectionProvider}) and a
 * {@code profiling} engine that wraps another engine and records its calls
 * ({@link io.github.diffviews.examples.backends.ProfilingEngineProvider}). Both are listed in
 * this module's {@code META-INF/services} files, which is all {@link java.util.ServiceLoader}
 * needs; {@link io.github.diffviews.spi.Backends#of} registers providers by hand instead.
 */
package io.github.diffviews.examples.backends;
