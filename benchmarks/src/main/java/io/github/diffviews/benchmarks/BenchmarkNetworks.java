package io.github.diffviews.benchmarks;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.io.Npy;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import io.github.diffviews.torch.RandomWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The networks the benchmarks run, with random weights, and a command that writes them for the
 * comparison scripts:
 *
 * <pre>
 * java -cp benchmarks.jar io.github.diffviews.benchmarks.BenchmarkNetworks NETWORK DIR
 * java -cp benchmarks.jar io.github.diffviews.benchmarks.BenchmarkNetworks NETWORK DIR OUT.npy
 * </pre>
 * The first writes {@code DIR/model.safetensors}, {@code DIR/network.json} and a fixed input
 * ({@code x.npy}, {@code sigma.npy}, {@code labels.npy}); the second also denoises that input
 * with the Java engine into {@code OUT.npy}, for the cross-check of outputs against the peer.
 */
public final class BenchmarkNetworks {

    /** The seed of the random weights and of the fixed input. */
    public static final long SEED = 20261204L;

    private BenchmarkNetworks() {
    }

    /**
     * Returns a network by name: a preset ({@code dmd2-imagenet-64}) or {@code small}, a 32×32
     * class-conditional network (64 base channels, multipliers 1-2-2, one block per level,
     * attention at 16 and 8) for measuring overheads.
     *
     * @param name the network's name
     * @return its configuration
     */
    public static NetworkConfig config(String name) {
        if (name.equals("small")) {
            return NetworkConfig.builder().imgResolution(32).imgChannels(3).labelDim(10)
                    .modelChannels(64).channelMult(1, 2, 2).numBlocks(1).attnResolutions(16, 8)
                    .dropout(0).build();
        }
        return NetworkConfig.preset(name);
    }

    /**
     * Opens a network with random weights, writing them to {@code weights} unless the file
     * exists.
     *
     * @param name the network's name (see {@link #config(String)})
     * @param weights the safetensors file to use or create
     * @param threads intra-op threads
     * @return the denoiser
     * @throws IOException if the weights cannot be written or read
     */
    public static Denoiser open(String name, Path weights, int threads) throws IOException {
        return open(EngineProvider.defaultEngine().name(), name, weights, threads);
    }

    /**
     * Opens a network with random weights on a named engine, writing the weights to
     * {@code weights} unless the file exists.
     *
     * @param engine the engine's name, for example {@code pytorch}
     * @param name the network's name (see {@link #config(String)})
     * @param weights the safetensors file to use or create
     * @param threads intra-op threads
     * @return the denoiser
     * @throws IOException if the weights cannot be written or read
     * @throws io.github.diffviews.spi.BackendException if no engine of that name is on the class
     *     path
     */
    public static Denoiser open(String engine, String name, Path weights, int threads)
            throws IOException {
        NetworkConfig config = config(name);
        if (!Files.exists(weights)) {
            RandomWeights.write(config, weights, SEED);
        }
        return EngineProvider.engine(engine).open(config, weights,
                EngineOptions.of("cpu", threads));
    }

    /**
     * Returns the fixed noisy input of a network: σ 80 noise, batch {@code batch}.
     *
     * @param config the network
     * @param batch the batch size
     * @return {@code (B, C, H, W)}
     */
    public static Tensor input(NetworkConfig config, int batch) {
        Tensor noise = GaussianNoise.seeded(SEED).tensor(batch, config.imgChannels(),
                config.imgResolution(), config.imgResolution());
        float[] values = noise.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            values[i] *= 80f;
        }
        return Tensor.wrap(values, noise.shape());
    }

    /**
     * Returns one-hot labels of class 1 (or null for an unconditional network).
     *
     * @param config the network
     * @param batch the batch size
     * @return {@code (B, label_dim)} or null
     */
    public static Tensor labels(NetworkConfig config, int batch) {
        if (config.labelDim() == 0) {
            return null;
        }
        float[] values = new float[batch * config.labelDim()];
        for (int item = 0; item < batch; item++) {
            values[item * config.labelDim() + 1] = 1f;
        }
        return Tensor.wrap(values, batch, config.labelDim());
    }

    /**
     * Writes a network's random weights, its config and the fixed input, and optionally the
     * Java engine's output for that input.
     *
     * @param args the network's name, the output directory, optionally the output file
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: BenchmarkNetworks NETWORK DIR [OUT.npy]");
            System.exit(2);
        }
        NetworkConfig config = config(args[0]);
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        Path weights = dir.resolve("model.safetensors");
        if (!Files.exists(weights)) {
            RandomWeights.write(config, weights, SEED);
        }
        AtomicFiles.writeString(dir.resolve("network.json"),
                "{\"network\": " + config.toJson() + "}\n");
        Npy.write(dir.resolve("x.npy"), input(config, 1));
        Npy.write(dir.resolve("sigma.npy"), Tensor.of(new float[] {80f}, 1));
        Npy.write(dir.resolve("labels.npy"), labels(config, 1));
        if (args.length == 3) {
            try (Denoiser denoiser = open(args[0], weights, 0)) {
                Tensor out = denoiser.denoise(DenoiseRequest.builder(input(config, 1))
                        .sigma(80.0).labels(labels(config, 1)).build()).denoised();
                Npy.write(Path.of(args[2]), out);
            }
        }
        System.out.println(dir);
    }
}
