/**
 * The engine SPI: how a diffusion network is run without depending on the library that runs it.
 *
 * <p>An {@link io.github.diffviews.engine.EngineProvider}, found through
 * {@link java.util.ServiceLoader}, supplies a {@link io.github.diffviews.engine.DiffusionEngine};
 * the engine opens a {@link io.github.diffviews.engine.Denoiser} for a
 * {@link io.github.diffviews.network.NetworkConfig} and a safetensors weights file. One
 * {@link io.github.diffviews.engine.DenoiseRequest} is one preconditioned forward on a batch,
 * with its masks (layers pinned to given activations) and captures (layers whose output comes
 * back) passed as arguments, so concurrent calls on one denoiser never interfere. Tensors cross
 * the SPI as {@link io.github.diffviews.tensor.Tensor}; native memory stays inside the call.
 */
package io.github.diffviews.engine;
