package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.ModelData;
import io.github.diffviews.io.Npy;
import io.github.diffviews.testing.TestModels;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitUmapDataDirectoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void fitUmap_dataDirectory_rewritesTheMapAndKeepsThePrevious() throws IOException {
        Path model = TestModels.model("dmd2").samples(60).writeUnder(root);
        Path csv = model.resolve("embeddings/demo_embeddings.csv");
        String before = Files.readString(csv);
        float oldX = ModelData.open(model).coordinates().get().get(0, 0);

        CliRun run = CliRun.of("fit-umap", "--data-dir", root.toString(), "--model", "dmd2",
                "--layers", "midblock", "--neighbors", "8", "--epochs", "60", "--quiet");

        assertEquals(0, run.status(), run.err());
        JsonNode summary = JSON.readTree(run.out());
        assertEquals(60, summary.get("rows").asInt());
        assertEquals("[\"midblock\"]", summary.get("layers").toString());
        ModelData refitted = ModelData.open(model);
        assertNotEquals(oldX, refitted.coordinates().get().get(0, 0));
        assertEquals(List.of("midblock"), refitted.embeddingParameters().layers());
        assertEquals(8, refitted.embeddingParameters().json().get("n_neighbors").asInt());
        assertTrue(refitted.samples().table().columnNames().containsAll(List.of("sample_id",
                "class_label", "image_path", "umap_x", "umap_y")), "other columns are kept");
        assertEquals(before, Files.readString(csv.resolveSibling("demo_embeddings.csv.previous")));
        assertTrue(Files.isDirectory(model.resolve("embeddings/demo_embeddings.projection")));
    }

    @Test
    void fitUmap_stemThatLeavesEmbeddings_isRejectedBeforeAnyWork() throws IOException {
        Path model = TestModels.model("dmd2").samples(30).writeUnder(root);
        List<String> before = FileTreesForTests.list(model);
        List<String> embeddings = FileTreesForTests.list(model.resolve("embeddings"));

        CliRun up = CliRun.of("fit-umap", "--data-dir", root.toString(), "--model", "dmd2",
                "--stem", "../escape", "--quiet");
        CliRun dots = CliRun.of("fit-umap", "--data-dir", root.toString(), "--model", "dmd2",
                "--stem", "..", "--quiet");

        assertEquals(1, up.status(), up.err());
        assertTrue(up.err().contains("Embeddings stem '../escape' is not a plain name"),
                up.err());
        assertEquals(1, dots.status(), dots.err());
        assertEquals(before, FileTreesForTests.list(model));
        assertEquals(embeddings, FileTreesForTests.list(model.resolve("embeddings")));
    }

    @Test
    void project_rowsOfTheModel_landOnTheMap() throws IOException {
        Path model = TestModels.model("dmd2").samples(60).writeUnder(root);
        CliRun fit = CliRun.of("fit-umap", "--data-dir", root.toString(), "--epochs", "60",
                "--quiet");
        assertEquals(0, fit.status(), fit.err());
        ModelData data = ModelData.open(model);
        FloatMatrix rows = data.activations().get().matrix();
        Path file = root.resolve("rows.npy");
        Npy.write(file, FloatMatrix.of(new float[][] {rows.row(3), rows.row(40)}));

        CliRun run = CliRun.of("project", "--data-dir", root.toString(), "--activations",
                file.toString(), "--json");

        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().strip().lines().toList();
        assertEquals(2, lines.size());
        JsonNode point = JSON.readTree(lines.get(0));
        assertEquals(2, point.size());
        float[] own = {data.coordinates().get().get(3, 0), data.coordinates().get().get(3, 1)};
        double distance = Math.hypot(point.get(0).asDouble() - own[0],
                point.get(1).asDouble() - own[1]);
        assertTrue(distance < 2.0, "a training row lands near its own point, " + distance);
    }

    @Test
    void project_wrongWidth_namesBothWidths() throws IOException {
        TestModels.model("dmd2").samples(30).writeUnder(root);
        Path file = root.resolve("rows.npy");
        Npy.write(file, FloatMatrix.of(new float[][] {new float[7]}));

        CliRun run = CliRun.of("project", "--data-dir", root.toString(), "--activations",
                file.toString());

        assertEquals(1, run.status());
        assertTrue(run.err().contains("rows have 7 values"), run.err());
        assertTrue(run.err().contains("projects rows of 20"), run.err());
    }

    @Test
    void project_rowWithNaN_namesTheFile() throws IOException {
        TestModels.model("dmd2").samples(30).writeUnder(root);
        Path file = root.resolve("nan-rows.npy");
        float[] row = new float[20];
        row[4] = Float.NaN;
        Npy.write(file, FloatMatrix.of(new float[][] {row}));

        CliRun run = CliRun.of("project", "--data-dir", root.toString(), "--activations",
                file.toString());

        assertEquals(1, run.status());
        assertTrue(run.err().contains(file + ": "), run.err());
        assertTrue(run.err().contains("NaN"), run.err());
    }
}
