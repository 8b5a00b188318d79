package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildDataCommandTest {

    @TempDir
    Path root;

    private Path sourceModel() throws IOException {
        return TinyModels.sourceModel(root.resolve("models/tiny"));
    }

    private Path idxImages(int count) throws IOException {
        return TinyModels.idxImages(root.resolve("idx"), count);
    }

    @Test
    void buildData_idxImages_writesAMappedDirectoryThatCanGenerate() throws IOException {
        Path model = sourceModel();
        Path images = idxImages(30);
        Path out = root.resolve("data");

        CliRun run = CliRun.of("build-data", "--model-dir", model.toString(), "--images",
                images.toString(), "--noise-levels", "100,54", "--limit", "20", "--epochs", "50",
                "--quiet", "--out", out.toString());

        assertEquals(0, run.status(), run.err());
        try (Visualizer visualizer = Visualizer.open(out)) {
            ModelData data = visualizer.model("tiny");
            assertEquals(40, data.size(), "20 images x 2 levels");
            assertEquals(2, data.mapDimensions());
            assertEquals("one", data.className(2 * 1));
            assertEquals(List.of("encoder_bottleneck", "midblock"),
                    data.embeddingParameters().layers());
            assertTrue(Files.isRegularFile(data.projectionDirectory()
                    .resolve("projection.json")));
            assertTrue(Files.isRegularFile(data.weightsFile()), "the weights are copied in");
            assertEquals(2, data.projection().transform(data.activations().get()
                    .select(data.embeddingParameters().layers()).matrix().row(0)).length);
        }
        CliRun generate = CliRun.of("generate", "--data-dir", out.toString(), "--sample", "0",
                "--neighbors", "1,2", "--steps", "2", "--out", root.resolve("gen").toString());
        assertEquals(0, generate.status(), generate.err());
    }

    @Test
    void buildData_fromOwnSamples_needsNoImages() throws IOException {
        Path model = sourceModel();
        Path out = root.resolve("data");

        CliRun run = CliRun.of("build-data", "--model-dir", model.toString(), "--from-samples",
                "2", "--noise-levels", "82", "--no-map", "--quiet", "--out", out.toString());

        assertEquals(0, run.status(), run.err());
        ModelData data = ModelData.open(out.resolve("tiny"));
        assertEquals(20, data.size(), "2 samples x 10 classes x 1 level");
        assertEquals(0, data.mapDimensions());
    }

    @Test
    void buildData_existingTargetOrBadIdx_failsAndKeepsWhatExists() throws IOException {
        Path model = sourceModel();
        Path images = idxImages(5);
        Path existing = Files.createDirectories(root.resolve("data/tiny"));
        Files.writeString(existing.resolve("keep.txt"), "keep");

        CliRun taken = CliRun.of("build-data", "--model-dir", model.toString(), "--images",
                images.toString(), "--quiet", "--out", root.resolve("data").toString());
        byte[] bytes = Files.readAllBytes(images.resolve("t10k-images-idx3-ubyte"));
        Files.write(images.resolve("t10k-images-idx3-ubyte"),
                java.util.Arrays.copyOf(bytes, bytes.length - 100));
        CliRun truncated = CliRun.of("build-data", "--model-dir", model.toString(), "--images",
                images.toString(), "--quiet", "--out", root.resolve("other").toString());

        assertEquals(1, taken.status());
        assertTrue(taken.err().contains("already exists"), taken.err());
        assertEquals("keep", Files.readString(existing.resolve("keep.txt")));
        assertEquals(1, truncated.status());
        assertTrue(truncated.err().contains("truncated"), truncated.err());
        assertFalse(Files.exists(root.resolve("other/tiny")));
    }

    @Test
    void buildData_tooFewRowsForTheMap_failsBeforeRecordingAndCreatesNothing()
            throws IOException {
        Path model = sourceModel();
        Path images = idxImages(5);
        Path out = root.resolve("fresh");

        CliRun run = CliRun.of("build-data", "--model-dir", model.toString(), "--images",
                images.toString(), "--noise-levels", "100,54", "--limit", "2", "--quiet",
                "--out", out.toString());
        CliRun negative = CliRun.of("build-data", "--model-dir", model.toString(), "--images",
                images.toString(), "--limit", "-3", "--quiet", "--out", out.toString());

        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("2 images x 2 noise levels give 4 rows, too few for a map "
                + "with 15 neighbors"), run.err());
        assertEquals(2, negative.status(), negative.err());
        assertTrue(negative.err().contains("--limit must be 0 (all images) or more, got -3"),
                negative.err());
        assertFalse(Files.exists(out), "nothing is created");
    }

    /**
     * SIGTERM (what Ctrl-C does through the shell as SIGINT) in the middle of a build: the JVM
     * waits for the build to unwind, so the staging directory is gone when the process ends.
     */
    @Test
    void buildData_terminatedMidway_leavesNoStagingDirectory() throws Exception {
        Path model = sourceModel();
        Path images = idxImages(600);
        Path out = root.resolve("interrupted");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", DiffViewsCli.class.getName(), "build-data",
                "--model-dir", model.toString(), "--images", images.toString(),
                "--noise-levels", "100,54", "--epochs", "20000", "--quiet", "--out",
                out.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("build.log").toFile())
                .start();

        boolean staged = false;
        for (int i = 0; i < 1200 && !staged && process.isAlive(); i++) {
            Thread.sleep(100);
            staged = Files.isDirectory(out) && FileTreesForTests.hasHiddenEntry(out);
        }
        Thread.sleep(500);
        process.destroy();
        boolean ended = process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);

        String log = Files.readString(root.resolve("build.log"));
        assertTrue(staged, "the build never staged anything: " + log);
        assertTrue(ended, "the process did not end after SIGTERM");
        assertTrue(process.exitValue() != 0, "exit status " + process.exitValue() + "; " + log);
        assertFalse(FileTreesForTests.hasHiddenEntry(out), "a staging directory is left: "
                + FileTreesForTests.list(out));
        assertFalse(Files.exists(out.resolve("tiny")));
    }
}
