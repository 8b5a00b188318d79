/**
 * Jupyter notebooks: the IJava and JJava kernels run Java cells through JShell and show the value
 * of a cell's last expression with renderers registered by type. This package registers
 * renderers for the map plots, contact sheets and generations of this library with a running
 * kernel, found by reflection, so that they show as interactive figures or images; outside a
 * kernel it does nothing and needs nothing of one.
 */
package io.github.diffviews.notebook;
