/**
 * The service-provider mechanism shared by every pluggable backend of DiffViews.
 *
 * <p>Engines (which run a diffusion network) and projections (which map activations onto a
 * 2-D or 3-D map) are found with {@link java.util.ServiceLoader}. Each kind has a provider
 * interface extending {@link io.github.diffviews.spi.BackendProvider}; a module implements it and
 * lists the implementation in {@code META-INF/services}. {@link io.github.diffviews.spi.Backends}
 * picks one: an explicit name first, then a system property, then an environment variable, then
 * the lowest rank. Adding a backend therefore never needs a change to this library.
 */
package io.github.diffviews.spi;
