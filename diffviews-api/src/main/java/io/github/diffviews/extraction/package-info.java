/**
 * Building data directories: reading labeled images (IDX files, image directories), recording a
 * network's activations for each image at chosen noise levels through the engine SPI, and
 * writing the layout the viewer opens.
 */
package io.github.diffviews.extraction;
