/**
 * Measures of what a model generates. {@link io.github.diffviews.evaluation.PixelKnnClassifier}
 * labels images by their nearest neighbors among labeled reference images, in pixel space: it
 * tells whether a class-conditional model's samples look like their class, and whether steering
 * a generation with masks moved it towards another class.
 */
package io.github.diffviews.evaluation;
