package io.github.diffviews.benchmarks;

import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
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
 * Fitting UMAP on 10,000 Fashion-MNIST rows, with each backend, after one warm-up fit. Average
 * time over iterations of one second; a fit takes longer than that, so each iteration is one fit.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar \
 *     UmapFitBenchmark -rf json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-modules=jdk.incubator.vector"})
public class UmapFitBenchmark {

    /** The backend. */
    @Param({"native", "smile"})
    public String backend;

    /** Rows fitted. */
    @Param({"10000"})
    public int rows;

    /** PCA components before UMAP; 0 for raw pixels (no standardisation either). */
    @Param({"50", "0"})
    public int pca;

    private FloatMatrix data;
    private UmapParameters parameters;

    /**
     * Reads the rows.
     *
     * @throws IOException if they cannot be read
     */
    @Setup(Level.Trial)
    public void prepare() throws IOException {
        data = UmapModels.data(rows);
        parameters = UmapModels.parameters(pca);
    }

    /**
     * Fits a projection.
     *
     * @return the projection
     */
    @Benchmark
    public Projection fit() {
        return Projections.backend(backend).fit(data, parameters);
    }
}
