/**
 * The map as a Plotly figure, built without any plotting library: the scatter of every sample
 * coloured by class, and the overlays of an exploration state (class highlight, neighbor rings,
 * the selection and the trajectories of generations), as Jackson JSON that Plotly.js draws as it
 * is. The viewer draws it in the browser; the same description can be written into an HTML page
 * or rendered to an image elsewhere.
 */
package io.github.diffviews.figure;
