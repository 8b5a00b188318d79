/**
 * Progress reporting and cancellation shared by every long operation of the library: UMAP
 * fitting, data extraction, training and generation.
 */
package io.github.diffviews.task;
