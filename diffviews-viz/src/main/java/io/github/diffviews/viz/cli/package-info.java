/**
 * The {@code diffviews} command line: one picocli subcommand per task (inspect a data directory,
 * query neighbors, denoise, generate, fit a projection, build data, train the demo model, serve
 * the viewer), each a thin layer over the public library.
 */
package io.github.diffviews.viz.cli;
