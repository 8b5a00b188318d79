package io.github.diffviews.umap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The behaviour every projection backend must show. A backend's test implements this interface
 * and supplies the backend; the properties run on small synthetic clusters.
 *
 * <p>"Lands near its own coordinate" is defined on two scales. A training row's nearest training
 * row is itself (distance 0, membership 1), so the transform starts among its own neighbors'
 * coordinates and is pulled toward them: it should land inside its own neighborhood. Locally,
 * the median row must land closer to its coordinate than its (n_neighbors - 1)-th nearest
 * neighbor on the map is (the radius of the ball holding its neighborhood there). Globally, 90%
 * of rows must land within a quarter of the map's radius (the root mean square distance of the
 * coordinates to their centroid); on these maps clusters sit about one radius apart, so this
 * fails if rows are thrown into another cluster or toward the middle. Measured values: the
 * native backend lands the median row at 0.6-0.7 of its neighborhood radius and 90% within
 * 0.08-0.13 of the map's radius; the Smile backend, which spreads clusters more, at 0.25 and
 * 0.16-0.18.
 */
public interface ProjectionContract {

    /**
     * Returns the backend under test.
     *
     * @return the backend
     */
    ProjectionBackend backend();

    /**
     * Tells whether two fits with the same seed give the same embedding. A backend that cannot
     * promise this says so, and the determinism property then checks only what it can.
     *
     * @return true if fits are reproducible
     */
    default boolean reproducibleFit() {
        return true;
    }

    /**
     * Returns the settings the properties fit with: the defaults (500 epochs on these sizes),
     * seeded, on two threads.
     *
     * @param components 2 or 3
     * @param seed the seed
     * @return the settings
     */
    default UmapParameters testParameters(int components, long seed) {
        return UmapParameters.builder().components(components).seed(seed)
                .threads(2).build();
    }

    @Property(tries = 4)
    default void fit_clusters_embeddingHasShapeAndFiniteValues(
            @ForAll @IntRange(min = 40, max = 140) int rows,
            @ForAll @IntRange(min = 3, max = 24) int width,
            @ForAll @IntRange(min = 2, max = 3) int components,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        FloatMatrix data = SyntheticRows.clusters(rows, width, 3, 4.0, seed);

        Projection projection = backend().fit(data, testParameters(components, seed));

        FloatMatrix embedding = projection.embedding();
        assertEquals(rows, embedding.rows());
        assertEquals(components, embedding.columns());
        assertEquals(components, projection.components());
        assertEquals(width, projection.inputWidth());
        assertEquals(backend().name(), projection.backend());
        for (float value : embedding.toFloatArray()) {
            assertTrue(Float.isFinite(value), "embedding values are finite");
        }
        float[] point = projection.transform(SyntheticRows.near(data, 0, 0.3, seed));
        assertEquals(components, point.length);
        assertTrue(Float.isFinite(point[0]) && Float.isFinite(point[1]));
    }

    @Property(tries = 3)
    default void fit_sameSeedTwice_sameEmbeddingAndTransforms(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        FloatMatrix data = SyntheticRows.clusters(90, 10, 3, 4.0, seed);
        UmapParameters parameters = testParameters(2, seed);

        Projection first = backend().fit(data, parameters);
        Projection second = backend().fit(data, parameters.toBuilder().threads(1).build());

        float[] query = SyntheticRows.near(data, 7, 0.5, seed + 1);
        if (reproducibleFit()) {
            assertArrayEquals(first.embedding().toFloatArray(),
                    second.embedding().toFloatArray(), "same seed, 2 threads vs 1");
            assertArrayEquals(first.transform(query), second.transform(query));
        } else {
            assertEquals(first.embedding().rows(), second.embedding().rows());
        }
        assertArrayEquals(first.transform(query), first.transform(query),
                "a projection transforms the same row the same way every time");
    }

    @Property(tries = 3)
    default void transform_trainingRows_landNearOwnCoordinates(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        FloatMatrix data = SyntheticRows.clusters(120, 12, 3, 3.0, seed);
        Projection projection = backend().fit(data, testParameters(2, seed));

        assertLandsNear(projection, data, projection.embedding());
    }

    @Property(tries = 3)
    default void transform_aloneOrInBatch_sameCoordinates(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 2, max = 40) int batch) {
        FloatMatrix data = SyntheticRows.clusters(80, 8, 2, 4.0, seed);
        Projection projection = backend().fit(data, testParameters(2, seed));
        float[][] queries = new float[batch][];
        for (int q = 0; q < batch; q++) {
            queries[q] = SyntheticRows.near(data, (q * 7) % data.rows(), 0.4, seed + q);
        }

        FloatMatrix together = projection.transform(FloatMatrix.of(queries));
        float[][] reversed = new float[batch][];
        for (int q = 0; q < batch; q++) {
            reversed[q] = queries[batch - 1 - q];
        }
        FloatMatrix backwards = projection.transform(FloatMatrix.of(reversed));

        for (int q = 0; q < batch; q++) {
            float[] alone = projection.transform(queries[q]);
            assertArrayEquals(alone, together.row(q), "row " + q + " alone vs in a batch");
            assertArrayEquals(alone, backwards.row(batch - 1 - q), "row " + q + " reordered");
        }
    }

    @Property(tries = 2)
    default void save_thenLoad_transformsIdentically(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 2, max = 3) int components) throws IOException {
        FloatMatrix data = SyntheticRows.clusters(70, 60, 3, 4.0, seed);
        UmapParameters parameters = testParameters(components, seed).toBuilder()
                .pcaComponents(20).extra("layers", java.util.List.of("midblock")).build();
        Projection projection = backend().fit(data, parameters);
        Path directory = Files.createTempDirectory("projection-contract");
        try {
            Path saved = directory.resolve("model.projection");
            projection.save(saved);

            Projection loaded = Projections.load(saved);

            assertEquals(projection.backend(), loaded.backend());
            assertEquals(projection.parameters(), loaded.parameters());
            assertArrayEquals(projection.embedding().toFloatArray(),
                    loaded.embedding().toFloatArray());
            for (int q = 0; q < 6; q++) {
                float[] query = SyntheticRows.near(data, q * 11, 0.5, seed + q);
                assertArrayEquals(projection.transform(query), loaded.transform(query));
            }
        } finally {
            deleteRecursively(directory);
        }
    }

    @Property(tries = 2)
    default void rebuild_fromCoordinates_keepsThemAndLandsTrainingRowsNear(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        FloatMatrix data = SyntheticRows.clusters(120, 12, 3, 3.0, seed);
        FloatMatrix coordinates = backend().fit(data, testParameters(2, seed)).embedding();
        UmapParameters fromPython = UmapParameters.fromJson("{\"n_neighbors\": 15, "
                + "\"min_dist\": 0.1, \"layers\": [\"encoder_bottleneck\", \"midblock\"], "
                + "\"model\": \"imagenet_real\"}");

        Projection rebuilt = backend().rebuild(data, coordinates, fromPython);

        assertArrayEquals(coordinates.toFloatArray(), rebuilt.embedding().toFloatArray());
        assertEquals(fromPython.extras(), rebuilt.parameters().extras());
        assertLandsNear(rebuilt, data, coordinates);
    }

    @Example
    default void rebuild_threeDimensionalCoordinates_takesComponentsFromThem() {
        FloatMatrix data = SyntheticRows.clusters(60, 6, 2, 4.0, 5);
        float[] coordinates = new float[60 * 3];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = (i % 7) * 0.5f + (i / 3 % 2) * 5f;
        }

        Projection rebuilt = backend().rebuild(data, FloatMatrix.wrap(coordinates, 60, 3),
                UmapParameters.defaults());

        assertEquals(3, rebuilt.components());
        assertEquals(3, rebuilt.parameters().components());
        assertEquals(3, rebuilt.transform(data.row(0)).length);
    }

    /** Checks the "lands near its own coordinate" bounds described in the class comment. */
    static void assertLandsNear(Projection projection, FloatMatrix rows, FloatMatrix expected) {
        int n = rows.rows();
        int dim = expected.columns();
        int neighbors = projection.parameters().neighbors();
        double[] centroid = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                centroid[d] += expected.get(i, d) / n;
            }
        }
        double radius = 0;
        for (int i = 0; i < n; i++) {
            radius += squaredDistance(expected.row(i), centroid) / n;
        }
        radius = Math.sqrt(radius);

        FloatMatrix transformed = projection.transform(rows);
        double[] local = new double[n];
        double[] global = new double[n];
        for (int i = 0; i < n; i++) {
            float[] own = expected.row(i);
            double error = Math.sqrt(squaredDistance(transformed.row(i), toDouble(own)));
            double[] others = new double[n];
            for (int j = 0; j < n; j++) {
                others[j] = Math.sqrt(squaredDistance(expected.row(j), toDouble(own)));
            }
            Arrays.sort(others);
            local[i] = error / others[neighbors - 1];
            global[i] = error / radius;
        }
        Arrays.sort(local);
        Arrays.sort(global);
        double medianLocal = local[n / 2];
        double ninetiethGlobal = global[(int) (0.9 * (n - 1))];
        assertTrue(medianLocal < 1.0, "the median row lands " + medianLocal + " times its "
                + "neighborhood radius from its own coordinate, expected < 1");
        assertTrue(ninetiethGlobal < 0.25, "90% of rows land within " + ninetiethGlobal
                + " of the map's radius from their own coordinate, expected < 0.25");
    }

    private static double squaredDistance(float[] point, double[] other) {
        double sum = 0;
        for (int d = 0; d < point.length; d++) {
            double diff = point[d] - other[d];
            sum += diff * diff;
        }
        return sum;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    /**
     * Deletes a directory tree.
     *
     * @param directory the directory
     * @throws IOException if deleting fails
     */
    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
