package io.github.diffviews.examples.backends;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaProjectionBackendTest {

    private static final int ROWS = 60;

    private static final int WIDTH = 12;

    /** Two directions the rows spread along, 10 and 3 times the noise: unit, orthogonal. */
    private static final double[] FIRST = unit(1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

    private static final double[] SECOND = unit(0, 0, 3, -1, 0, 0, 0, 0, 0, 0, 1, 0);

    private final UmapParameters parameters = UmapParameters.builder().seed(3).build();

    @TempDir
    Path directory;

    @Test
    void backend_byName_isFoundThroughTheServiceLoader() {
        assertInstanceOf(PcaProjectionBackend.class, Projections.backend("pca"));
        assertEquals("native", Projections.backend().name(), "lower ranks win: UMAP stays "
                + "the default");
    }

    @Test
    void fit_rowsAlongTwoDirections_findsThemInOrder() {
        FloatMatrix rows = rows(7);

        Projection projection = fit(rows);

        float[] origin = projection.transform(new float[WIDTH]);
        float[] alongFirst = projection.transform(toFloats(FIRST));
        float[] alongSecond = projection.transform(toFloats(SECOND));
        assertEquals(1, Math.abs(alongFirst[0] - origin[0]), 1e-2);
        assertEquals(0, alongFirst[1] - origin[1], 1e-1);
        assertEquals(0, alongSecond[0] - origin[0], 1e-1);
        assertEquals(1, Math.abs(alongSecond[1] - origin[1]), 1e-1);
    }

    @Test
    void fit_rows_embeddingIsTheTransformOfEveryRow() {
        FloatMatrix rows = rows(8);

        Projection projection = fit(rows);

        assertEquals(ROWS, projection.embedding().rows());
        for (int i = 0; i < ROWS; i++) {
            assertArrayEquals(projection.embedding().row(i), projection.transform(rows.row(i)),
                    1e-5f);
        }
    }

    @Test
    void save_thenLoadThroughProjections_transformsTheSame() throws Exception {
        FloatMatrix rows = rows(9);
        Projection projection = fit(rows);

        projection.save(directory.resolve("map.projection"));
        Projection loaded = Projections.load(directory.resolve("map.projection"));

        assertEquals("pca", loaded.backend());
        assertEquals(WIDTH, loaded.inputWidth());
        for (int i = 0; i < ROWS; i += 7) {
            assertArrayEquals(projection.transform(rows.row(i)), loaded.transform(rows.row(i)),
                    0f);
        }
    }

    @Test
    void rebuild_coordinatesAffineInTheRows_reproducesThem() {
        FloatMatrix rows = rows(10);
        FloatMatrix embedding = fit(rows).embedding();
        float[] shifted = new float[ROWS * 2];
        for (int i = 0; i < ROWS; i++) {
            shifted[2 * i] = 2 * embedding.get(i, 1) + 5;
            shifted[2 * i + 1] = -embedding.get(i, 0) - 1;
        }
        FloatMatrix coordinates = FloatMatrix.wrap(shifted, ROWS, 2);

        Projection rebuilt = new PcaProjectionBackend().rebuild(rows, coordinates, parameters,
                ProgressListener.NONE, CancellationToken.NONE);

        for (int i = 0; i < ROWS; i++) {
            assertArrayEquals(coordinates.row(i), rebuilt.transform(rows.row(i)), 1e-2f);
        }
    }

    @Test
    void fit_oneRow_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(FloatMatrix.wrap(new float[WIDTH], 1, WIDTH)));
        assertTrue(e.getMessage().contains("at least 2 rows"), e.getMessage());
    }

    @Test
    void fit_nonFiniteValue_rejectedNamingTheRow() {
        float[] values = new float[3 * WIDTH];
        values[WIDTH + 4] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fit(FloatMatrix.wrap(values, 3, WIDTH)));
        assertTrue(e.getMessage().contains("Row 1"), e.getMessage());
    }

    @Test
    void load_directoryOfAnotherBackend_rejectedNamingIt() throws Exception {
        Path saved = directory.resolve("other.projection");
        fit(rows(11)).save(saved);
        Path descriptor = saved.resolve("projection.json");
        Files.writeString(descriptor, Files.readString(descriptor)
                .replace("\"backend\" : \"pca\"", "\"backend\" : \"native\""));

        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new PcaProjectionBackend().load(saved));
        assertTrue(e.getMessage().contains("'native'"), e.getMessage());
    }

    private Projection fit(FloatMatrix rows) {
        return new PcaProjectionBackend().fit(rows, parameters, ProgressListener.NONE,
                CancellationToken.NONE);
    }

    /** Rows {@code 10 a·FIRST + 3 b·SECOND + 0.1 noise + offset}, a and b standard normal. */
    private static FloatMatrix rows(long seed) {
        GaussianNoise noise = GaussianNoise.seeded(seed);
        float[] values = new float[ROWS * WIDTH];
        for (int i = 0; i < ROWS; i++) {
            double a = noise.nextGaussian();
            double b = noise.nextGaussian();
            for (int d = 0; d < WIDTH; d++) {
                values[i * WIDTH + d] = (float) (10 * a * FIRST[d] + 3 * b * SECOND[d]
                        + 0.1 * noise.nextGaussian() + d);
            }
        }
        return FloatMatrix.wrap(values, ROWS, WIDTH);
    }

    private static double[] unit(double... values) {
        double norm = 0;
        for (double value : values) {
            norm += value * value;
        }
        double[] unit = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            unit[i] = values[i] / Math.sqrt(norm);
        }
        return unit;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
