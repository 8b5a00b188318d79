/**
 * The interactive viewer: {@link io.github.diffviews.viz.server.ViewerServer}, a local web
 * server on the JDK's HTTP server that serves one page (HTML, plain JavaScript and CSS, with
 * Plotly.js from its WebJar, so it works offline) and a JSON API over the library: sessions per
 * browser tab holding an exploration state, the map figure and its overlays, sample previews,
 * neighbor suggestions, and generation from neighbors on a bounded worker pool, streamed step by
 * step as server-sent events.
 */
package io.github.diffviews.viz.server;
