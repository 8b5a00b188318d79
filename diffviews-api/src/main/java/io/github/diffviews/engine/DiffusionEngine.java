package io.github.diffviews.engine;

import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.training.Trainer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs diffusion networks: builds one from its {@link NetworkConfig}, loads its weights and
 * returns a {@link Denoiser} for it. An engine is shared and thread-safe; get one through
 * {@link EngineProvider#defaultEngine()}.
 */
public interface DiffusionEngine {

    /**
     * Returns the engine's name, as its provider names it.
     *
     * @return the name, for example {@code pytorch}
     */
    String name();

    /**
     * Builds a network and loads its weights.
     *
     * @param config the architecture
     * @param weights a safetensors file with the upstream parameter names
     * @param options the device and thread settings
     * @return a denoiser; close it to free its native memory
     * @throws io.github.diffviews.io.DataFormatException if the weights are missing tensors,
     *     have unexpected ones or tensors of the wrong shape (all listed at once), or the file is
     *     not a safetensors file
     * @throws IOException if the file cannot be read
     * @throws io.github.diffviews.spi.BackendException if the device is not available
     */
    Denoiser open(NetworkConfig config, Path weights, EngineOptions options) throws IOException;

    /**
     * Returns a trainer for a network architecture. Engines that cannot train keep this default,
     * which refuses.
     *
     * @param config the architecture to train
     * @return a trainer
     * @throws UnsupportedOperationException if the engine cannot train, or cannot train this
     *     architecture
     */
    default Trainer trainer(NetworkConfig config) {
        throw new UnsupportedOperationException("Training is not supported by the '" + name()
                + "' engine");
    }
}
