package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.io.DType;
import io.github.diffviews.io.Npy;
import io.github.diffviews.io.NpyArray;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.Projections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitUmapCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Path rows(int count, int width) throws IOException {
        Random random = new Random(3);
        float[] values = new float[count * width];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < width; j++) {
                values[i * width + j] = (float) (random.nextGaussian() + 5 * (i % 3 == j % 3
                        ? 1 : 0));
            }
        }
        Path file = temp.resolve("rows.npy");
        Npy.write(file, values, DType.FLOAT32, count, width);
        return file;
    }

    @Test
    void fitUmap_bareMatrix_writesCoordinatesModelAndSummary() throws IOException {
        Path input = rows(80, 12);
        Path out = temp.resolve("coords.npy");
        Path model = temp.resolve("rows.projection");

        CliRun run = CliRun.of("fit-umap", "--input", input.toString(), "--out", out.toString(),
                "--epochs", "40", "--components", "3", "--pca", "5", "--save-model",
                model.toString());

        assertEquals(0, run.status(), run.err());
        NpyArray coordinates = Npy.read(out);
        assertArrayEquals(new int[] {80, 3}, coordinates.shape());
        assertEquals(DType.FLOAT32, coordinates.dtype());
        Projection projection = Projections.load(model);
        assertArrayEquals(coordinates.toFloatArray(), projection.embedding().toFloatArray());
        JsonNode summary = JSON.readTree(run.out());
        assertEquals(80, summary.get("rows").asInt());
        assertEquals("native", summary.get("backend").asText());
        assertEquals(5, summary.get("parameters").get("pca_components").asInt());
        assertTrue(run.err().contains("optimize"), run.err());
        assertTrue(run.err().contains("(40/40)"), run.err());
    }

    @Test
    void fitUmap_sameSeedTwice_sameBytes() throws IOException {
        Path input = rows(60, 6);
        Path first = temp.resolve("first.npy");
        Path second = temp.resolve("second.npy");

        CliRun one = CliRun.of("fit-umap", "--input", input.toString(), "--out",
                first.toString(), "--epochs", "30", "--threads", "1", "--quiet");
        CliRun two = CliRun.of("fit-umap", "--input", input.toString(), "--out",
                second.toString(), "--epochs", "30", "--threads", "2", "--quiet",
                "--standardise");

        assertEquals(0, one.status(), one.err());
        assertEquals(0, two.status(), two.err());
        assertEquals("", one.err(), "--quiet draws no progress bar");
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        CliRun raw = CliRun.of("fit-umap", "--input", input.toString(), "--out",
                temp.resolve("raw.npy").toString(), "--epochs", "30", "--quiet",
                "--no-standardise");
        assertEquals(0, raw.status(), raw.err());
        assertEquals(false, JSON.readTree(raw.out()).get("parameters").get("normalize")
                .asBoolean());
    }

    @Test
    void fitUmap_badValues_failWithOneLineNamingThem() throws IOException {
        Path input = rows(30, 4);
        Path vector = temp.resolve("vector.npy");
        Npy.write(vector, new float[] {1, 2, 3}, DType.FLOAT32, 3);

        CliRun components = CliRun.of("fit-umap", "--input", input.toString(), "--out",
                temp.resolve("a.npy").toString(), "--components", "4");
        CliRun shape = CliRun.of("fit-umap", "--input", vector.toString(), "--out",
                temp.resolve("b.npy").toString());
        CliRun backend = CliRun.of("fit-umap", "--input", input.toString(), "--out",
                temp.resolve("c.npy").toString(), "--backend", "tsne");
        CliRun missing = CliRun.of("fit-umap", "--out", temp.resolve("d.npy").toString());

        assertEquals(1, components.status());
        assertTrue(components.err().startsWith("diffviews: n_components must be 2 or 3"),
                components.err());
        assertEquals(1, shape.status());
        assertTrue(shape.err().contains(vector.toString()) && shape.err().contains("(N, D)"),
                shape.err());
        assertEquals(1, backend.status());
        assertTrue(backend.err().contains("'tsne'") && backend.err().contains("native, smile"),
                backend.err());
        assertEquals(2, missing.status(), missing.err());
        assertTrue(!Files.exists(temp.resolve("a.npy")), "nothing written on failure");
    }
}
