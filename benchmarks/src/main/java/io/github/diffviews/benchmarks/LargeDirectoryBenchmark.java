package io.github.diffviews.benchmarks;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import java.io.IOException;
import java.nio.file.Path;
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
 * Opening a data directory whose activation matrix is 4 GB (100,000 x 10,240 float32), in a JVM
 * whose heap is smaller than the matrix: it can only open if nothing copies the matrix.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LargeDirectoryBenchmark -rf json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class LargeDirectoryBenchmark {

    /** Samples in the directory. */
    @Param({"100000"})
    public int samples;

    /** Activation values per sample: 10,240 float32 make 4 GB at 100,000 samples. */
    @Param({"10240"})
    public int width;

    private Path directory;

    /**
     * Writes (once) the sparse directory.
     *
     * @throws IOException if it cannot be written
     */
    @Setup(Level.Trial)
    public void prepare() throws IOException {
        Path base = Path.of(System.getProperty("diffviews.bench.dir",
                "benchmarks/target/bench-data"));
        directory = BenchmarkData.ensureSparse(base, samples, width);
    }

    /**
     * Opens the directory: CSV, header, memory mapping; no scan of a matrix over 1 GiB.
     *
     * @return the model
     * @throws IOException if reading fails
     */
    @Benchmark
    public ModelData open() throws IOException {
        return Visualizer.open(directory).defaultModelData();
    }
}
