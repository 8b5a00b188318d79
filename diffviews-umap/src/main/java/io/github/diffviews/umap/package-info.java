/**
 * UMAP projection backends, found through {@link java.util.ServiceLoader} as
 * {@link io.github.diffviews.projection.ProjectionProvider}s.
 *
 * <p>{@code native} ({@link io.github.diffviews.umap.NativeUmapProvider}, the default) is UMAP
 * written for this library: exact neighbors below 4,096 rows and NN-descent above, smooth k-NN
 * distances and the fuzzy union, a spectral initial layout, and SGD with negative sampling,
 * reproducible bit for bit under its seed whatever the number of threads. {@code smile}
 * ({@link io.github.diffviews.umap.SmileUmapProvider}) fits with Smile 2.6 (LGPL-3.0). Both share
 * the preprocessing (standardisation and PCA, as the Python tool does), the deterministic
 * per-row transform and the saved format. The implementation lives in
 * {@code io.github.diffviews.umap.internal}, which is not part of the API.
 */
package io.github.diffviews.umap;
