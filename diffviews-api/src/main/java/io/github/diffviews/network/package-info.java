/**
 * The architecture of a network, independent of any engine.
 * {@link io.github.diffviews.network.NetworkConfig} holds the hyper-parameters of EDM's
 * preconditioner and the ADM U-Net under their upstream names, and
 * {@link io.github.diffviews.network.LayerCatalog} derives from them every hookable layer with
 * its names and output shape, without running the network. Engines build the network from the
 * configuration; generation, masking and the data directory use the catalogue to check layer
 * names and sizes.
 */
package io.github.diffviews.network;
