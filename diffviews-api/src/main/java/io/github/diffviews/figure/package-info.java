/**
 * Figures of a model's map and of generations. {@link io.github.diffviews.figure.Figures} is the
 * entry point: {@link io.github.diffviews.figure.MapPlot} draws the scatter of every sample
 * coloured by class with the overlays of an exploration state (class highlight, neighbor rings,
 * the selection and the trajectories of generations) and writes it as a Plotly figure (JSON), as
 * a PNG drawn with Java2D (no display needed), or as a self-contained HTML page through an
 * {@link io.github.diffviews.figure.HtmlFigureProvider} (the module {@code diffviews-viz}
 * supplies one that inlines Plotly.js); {@link io.github.diffviews.figure.ContactSheet} lays out
 * the frames of a generation with captions. {@link io.github.diffviews.figure.MapFigure} builds
 * the Plotly description itself, without any plotting library, as Jackson JSON that Plotly.js
 * draws as it is; the viewer draws the same description in the browser.
 */
package io.github.diffviews.figure;
