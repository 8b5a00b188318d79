/**
 * Self-contained HTML figures: {@link io.github.diffviews.viz.figure.PlotlyHtmlProvider} supplies
 * the {@link io.github.diffviews.figure.HtmlFigureWriter} that writes a Plotly figure with
 * Plotly.js inlined from its WebJar, so a page opens without a network. It is registered with
 * {@link java.util.ServiceLoader}, which is how {@code MapPlot.toHtml()} and the notebook
 * renderers of the API module find it.
 */
package io.github.diffviews.viz.figure;
