/**
 * The data directory: the files the Python diffviews tool writes (model config, embeddings CSV,
 * activation matrices with their sidecar, dataset metadata, images and class labels), how they are
 * read and validated, and how the same layout is written back.
 */
package io.github.diffviews.data;
