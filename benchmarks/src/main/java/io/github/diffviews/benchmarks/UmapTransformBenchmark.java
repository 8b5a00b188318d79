package io.github.diffviews.benchmarks;

import io.github.diffviews.projection.Projection;
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
 * Placing new rows on a fitted map: one point, and a 10-point trajectory, into a model of
 * Fashion-MNIST (70,000 x 784 pixels by default). Average time; {@code -bm sample} reports the
 * median as well ({@code compare/umap_compare.sh} runs it so).
 * The model is fitted once and cached (see {@link UmapModels}); with
 * {@code -p backend=smile} it is fitted by Smile, whose exact neighbor search makes that first
 * fit take minutes at 70,000 rows.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar \
 *     UmapTransformBenchmark -p backend=native -p pca=0 -rf json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-modules=jdk.incubator.vector"})
public class UmapTransformBenchmark {

    /** The backend that fitted the model. */
    @Param({"native", "smile"})
    public String backend;

    /** Training rows of the model. */
    @Param({"70000"})
    public int rows;

    /** PCA components before UMAP; 0 for raw pixels (no standardisation either). */
    @Param({"0", "50"})
    public int pca;

    private Projection projection;
    private float[][] points;
    private float[][][] trajectories;
    private int next;

    /**
     * Loads or fits the model and prepares new rows.
     *
     * @throws IOException if the data or model cannot be read
     */
    @Setup(Level.Trial)
    public void prepare() throws IOException {
        FloatMatrix data = UmapModels.data(rows);
        projection = UmapModels.model(backend, data, pca);
        points = FashionMnist.blends(data, 256, 7);
        trajectories = new float[32][][];
        for (int t = 0; t < trajectories.length; t++) {
            trajectories[t] = FashionMnist.trajectory(data, 10, 100 + t);
        }
    }

    /**
     * Places one new row.
     *
     * @return its coordinates
     */
    @Benchmark
    public float[] transformOne() {
        next = (next + 1) & (points.length - 1);
        return projection.transform(points[next]);
    }

    /**
     * Places the ten rows of a trajectory, one call per row as a generation does per step.
     *
     * @return the coordinates
     */
    @Benchmark
    public float[][] transformTrajectory() {
        next = (next + 1) & (trajectories.length - 1);
        float[][] path = trajectories[next];
        float[][] result = new float[path.length][];
        for (int s = 0; s < path.length; s++) {
            result[s] = projection.transform(path[s]);
        }
        return result;
    }
}
