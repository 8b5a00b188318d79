package io.github.diffviews.engine;

import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;

/**
 * A loaded network that denoises batches: one call is one preconditioned forward
 * {@code D(x; σ, labels)} (two with classifier-free guidance), with the masks and captures of
 * that call only.
 *
 * <p>A denoiser is thread-safe: calls from several threads run concurrently and never see each
 * other's masks or captures, because nothing is installed on the shared network. Each call owns
 * the native memory it uses and frees it before returning. {@link #close()} frees the weights;
 * calls after it fail with {@link IllegalStateException}.
 */
public interface Denoiser extends AutoCloseable {

    /**
     * Returns the architecture of the network.
     *
     * @return the configuration it was built from
     */
    NetworkConfig config();

    /**
     * Returns the layers that can be masked or captured.
     *
     * @return the layer catalogue of {@link #config()}
     */
    LayerCatalog layers();

    /**
     * Denoises a batch.
     *
     * @param request the input, σ, labels, guidance, masks and captures
     * @return the denoised batch and the captured activations
     * @throws IllegalArgumentException if the request does not fit the network (its message names
     *     the value and the expected shape)
     * @throws io.github.diffviews.data.UnknownLayerException if a mask or capture names an
     *     unknown layer
     * @throws IllegalStateException if the denoiser is closed
     */
    DenoiseResult denoise(DenoiseRequest request);

    /**
     * Frees the network's weights and native memory.
     */
    @Override
    void close();
}
