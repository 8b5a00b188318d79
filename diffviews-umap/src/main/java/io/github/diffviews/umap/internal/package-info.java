/**
 * The implementation of the UMAP backends: preprocessing and PCA, exact and NN-descent neighbor
 * graphs, the fuzzy simplicial set, spectral initialisation, the SGD layout, the neighbor index
 * and out-of-sample transform, and the saved format. Not part of the API: its classes may change
 * without notice. Each class explains its algorithm in its documentation.
 */
package io.github.diffviews.umap.internal;
