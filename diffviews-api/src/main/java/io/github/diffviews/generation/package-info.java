/**
 * Generation with activation masks: the multistep sampler, the masks that pin layers to chosen
 * activations, noise schedules and the conversion between noise level (0-100) and σ. Everything
 * here is engine-neutral; the network itself runs behind the engine SPI.
 */
package io.github.diffviews.generation;
