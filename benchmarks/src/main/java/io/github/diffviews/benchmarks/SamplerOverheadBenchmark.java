package io.github.diffviews.benchmarks;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.generation.NoiseMode;
import io.github.diffviews.generation.Sampler;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link MultistepGenerator} costs beyond its network calls: a 5-step generation (with a
 * captured layer, frames and images, as the viewer runs it) against 5 bare denoising calls of
 * the same shape. The overhead is {@code generate / bareCalls − 1}. Because other load on the
 * machine moves those two by more than the overhead itself, {@code generatorOnly} runs the same
 * generation against a denoiser that answers instantly with a precomputed result: it measures
 * the generator's own work, and {@code generatorOnly / bareCalls} is the overhead without the
 * noise of two network-bound measurements.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SamplerOverheadBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true"})
public class SamplerOverheadBenchmark {

    private static final int STEPS = 5;

    /** The network: {@code small} or a preset name. */
    @Param({"small"})
    public String network;

    /** Intra-op threads of the engine. */
    @Param({"2"})
    public int threads;

    /** The sampler of the generation (x0 re-noise and Euler make one call per step). */
    @Param({"X0_RENOISE"})
    public String sampler;

    private Denoiser denoiser;
    private MultistepGenerator generator;
    private DenoiseRequest[] requests;
    private Denoiser instant;
    private Path temporary;

    /**
     * Opens the network and prepares the generator and the bare requests.
     *
     * @throws IOException if the weights cannot be written or read
     */
    @Setup
    public void open() throws IOException {
        temporary = Files.createTempDirectory("diffviews-bench");
        denoiser = BenchmarkNetworks.open(network, temporary.resolve("model.safetensors"),
                threads);
        NetworkConfig config = denoiser.config();
        generator = MultistepGenerator.builder().steps(STEPS).sigmaRange(80, 0.5)
                .sampler(Sampler.valueOf(sampler)).noiseMode(NoiseMode.FIXED).classLabel(1)
                .capture("midblock").build();
        double[] sigmas = generator.schedule();
        requests = new DenoiseRequest[STEPS];
        for (int i = 0; i < STEPS; i++) {
            requests[i] = DenoiseRequest.builder(BenchmarkNetworks.input(config, 1))
                    .sigma(sigmas[i]).labels(BenchmarkNetworks.labels(config, 1))
                    .capture("midblock").build();
        }
        instant = new InstantDenoiser(denoiser, denoiser.denoise(requests[0]));
    }

    /**
     * Runs a 5-step generation.
     *
     * @return the generation
     */
    @Benchmark
    public Generation generate() {
        return generator.generate(denoiser);
    }

    /**
     * Runs the same 5 network calls without the generator.
     *
     * @return the last result
     */
    @Benchmark
    public DenoiseResult bareCalls() {
        DenoiseResult last = null;
        for (DenoiseRequest request : requests) {
            last = denoiser.denoise(request);
        }
        return last;
    }

    /**
     * Runs the same 5-step generation against a denoiser that answers instantly.
     *
     * @return the generation
     */
    @Benchmark
    public Generation generatorOnly() {
        return generator.generate(instant);
    }

    /**
     * Frees the network and deletes the temporary weights.
     *
     * @throws IOException if a temporary file cannot be deleted
     */
    @TearDown
    public void close() throws IOException {
        denoiser.close();
        Files.deleteIfExists(temporary.resolve("model.safetensors"));
        Files.deleteIfExists(temporary);
    }

    /** Answers every call with one precomputed result, so only the caller's work is timed. */
    private static final class InstantDenoiser implements Denoiser {

        private final Denoiser network;
        private final DenoiseResult result;

        InstantDenoiser(Denoiser network, DenoiseResult result) {
            this.network = network;
            this.result = result;
        }

        @Override
        public NetworkConfig config() {
            return network.config();
        }

        @Override
        public LayerCatalog layers() {
            return network.layers();
        }

        @Override
        public DenoiseResult denoise(DenoiseRequest request) {
            request.validate(network.config(), network.layers());
            return result;
        }

        @Override
        public void close() {
        }
    }
}
