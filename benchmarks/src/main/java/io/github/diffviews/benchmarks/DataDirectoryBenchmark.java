package io.github.diffviews.benchmarks;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.neighbors.Neighbor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening a data directory of 10k and of 100k samples and querying neighbors on the map and in
 * activation space. The directory is generated once under {@code -Ddiffviews.bench.dir} (default
 * {@code benchmarks/target/bench-data}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DataDirectoryBenchmark -rf json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class DataDirectoryBenchmark {

    /** Samples in the generated directory. */
    @Param({"10000", "100000"})
    public int samples;

    /** Activation values per sample. */
    @Param({"512"})
    public int width;

    private Path directory;
    private ModelData model;
    private int query;

    /**
     * Generates (once) and opens the directory.
     *
     * @throws IOException if the directory cannot be written or read
     */
    @Setup(Level.Trial)
    public void prepare() throws IOException {
        Path base = Path.of(System.getProperty("diffviews.bench.dir",
                "benchmarks/target/bench-data"));
        directory = BenchmarkData.ensure(base, samples, width);
        model = Visualizer.open(directory).defaultModelData();
        model.activations().orElseThrow().nonFiniteCount();
    }

    /** Picks another query sample before each call, as a user clicking around would. */
    @Setup(Level.Invocation)
    public void nextQuery() {
        query = (query + 7919) % samples;
    }

    /**
     * Opens and checks the whole directory (CSV, memory-mapped activations, sidecar).
     *
     * @return the model, so the work is not optimised away
     * @throws IOException if reading fails
     */
    @Benchmark
    public ModelData open() throws IOException {
        return Visualizer.open(directory).defaultModelData();
    }

    /**
     * The 10 nearest samples on the 2-D map.
     *
     * @return the neighbors
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<Neighbor> mapNeighbors() {
        return model.mapNeighbors(query, 10);
    }

    /**
     * The 10 nearest samples by exact Euclidean distance over all activation values.
     *
     * @return the neighbors
     */
    @Benchmark
    public List<Neighbor> activationNeighbors() {
        return model.activationNeighbors(query, 10);
    }
}
