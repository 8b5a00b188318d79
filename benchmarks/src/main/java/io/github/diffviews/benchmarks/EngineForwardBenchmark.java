package io.github.diffviews.benchmarks;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
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
 * One preconditioned forward of a network with random weights on the CPU, batch 1: the Java side
 * of {@code benchmarks/compare/engine.sh}, whose Python peer is {@code edm_forward.py}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EngineForwardBenchmark -p threads=2 \
 *     -jvmArgsAppend -Ddiffviews.bench.weights=/tmp/w.safetensors
 * </pre>
 * Without {@code diffviews.bench.weights} the weights are written to a temporary file (1.2 GB
 * for ImageNet-64) and deleted afterwards. {@code -p network=small} measures the 32x32 network
 * of {@link BenchmarkNetworks#config(String)}, {@code -p batch=4} a larger batch, and
 * {@code -p engine=NAME} another engine on the class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dai.djl.offline=true"})
public class EngineForwardBenchmark {

    /** The engine, by its service-provider name. */
    @Param({"pytorch"})
    public String engine;

    /** The network: a preset name or {@code small}. */
    @Param({"dmd2-imagenet-64"})
    public String network;

    /** Intra-op threads of the engine. */
    @Param({"2"})
    public int threads;

    /** Images per call. */
    @Param({"1"})
    public int batch;

    private Denoiser denoiser;
    private DenoiseRequest request;
    private Path temporary;

    /**
     * Opens the network and prepares the request.
     *
     * @throws IOException if the weights cannot be written or read
     */
    @Setup
    public void open() throws IOException {
        String given = System.getProperty("diffviews.bench.weights");
        Path weights;
        if (given != null) {
            weights = Path.of(given);
        } else {
            temporary = Files.createTempDirectory("diffviews-bench");
            weights = temporary.resolve("model.safetensors");
        }
        denoiser = BenchmarkNetworks.open(engine, network, weights, threads);
        NetworkConfig config = denoiser.config();
        request = DenoiseRequest.builder(BenchmarkNetworks.input(config, batch)).sigma(80.0)
                .labels(BenchmarkNetworks.labels(config, batch)).build();
    }

    /**
     * Runs one forward.
     *
     * @return the result, so it is not optimized away
     */
    @Benchmark
    public DenoiseResult forward() {
        return denoiser.denoise(request);
    }

    /**
     * Frees the network and deletes temporary weights.
     *
     * @throws IOException if a temporary file cannot be deleted
     */
    @TearDown
    public void close() throws IOException {
        denoiser.close();
        if (temporary != null) {
            Files.deleteIfExists(temporary.resolve("model.safetensors"));
            Files.deleteIfExists(temporary);
        }
    }
}
