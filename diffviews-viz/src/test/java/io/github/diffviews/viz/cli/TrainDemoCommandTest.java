package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.io.Idx;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.training.FashionMnist;
import io.github.diffviews.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainDemoCommandTest {

    @TempDir
    Path dir;

    /** Twelve 28×28 images (class i % 10 drawn as a bar at row 2i) in IDX files. */
    private Path tinyFashionMnist() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        int count = 12;
        byte[] pixels = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
            Arrays.fill(pixels, i * 784 + 2 * i * 28, i * 784 + 2 * i * 28 + 28, (byte) 200);
        }
        Idx.writeUnsignedBytes(data.resolve("train-images-idx3-ubyte"), pixels, count, 28, 28);
        Idx.writeUnsignedBytes(data.resolve("train-labels-idx1-ubyte"), labels, count);
        return data;
    }

    @Test
    void trainDemo_twoStepsThenResume_writesModelDirectoryAndReportsProgress()
            throws IOException {
        Path data = tinyFashionMnist();
        Path out = dir.resolve("model");

        CliRun first = CliRun.of("train-demo", "--data", data.toString(), "--out",
                out.toString(), "--steps", "2", "--batch", "4", "--checkpoint-every", "1",
                "--report-every", "1", "--threads", "1");

        assertEquals(0, first.status(), first.err());
        assertTrue(first.err().contains("step 2/2  loss "), first.err());
        assertTrue(first.err().contains("images/s"), first.err());
        assertTrue(first.out().contains("Trained 2 steps (resumed from 0)"), first.out());
        List<String> files = List.of(Trainer.CHECKPOINT_FILE, Trainer.EMA_FILE,
                Trainer.LOG_FILE, "model.safetensors", "config.json", "class_labels.json");
        for (String file : files) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        ModelConfig config = ModelConfig.read(out.resolve("config.json"));
        assertEquals(FashionMnist.DATASET_TYPE, config.datasetType());
        assertEquals(20, config.defaultSteps());
        assertEquals(FashionMnist.network(), NetworkConfig.fromJson(config.network()
                .orElseThrow()));
        assertEquals("Sneaker", ClassLabels.read(out.resolve("class_labels.json")).name(7));

        CliRun again = CliRun.of("train-demo", "--data", data.toString(), "--out",
                out.toString(), "--steps", "3", "--batch", "4", "--checkpoint-every", "1",
                "--threads", "1");
        assertEquals(1, again.status(), "a second run must not overwrite the checkpoint");
        assertTrue(again.err().contains("resume"), again.err());

        CliRun resumed = CliRun.of("train-demo", "--data", data.toString(), "--out",
                out.toString(), "--steps", "3", "--batch", "4", "--checkpoint-every", "1",
                "--threads", "1", "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("Trained 3 steps (resumed from 2)"), resumed.out());
    }

    @Test
    void trainDemo_truncatedImages_failsNamingTheFile() throws IOException {
        Path data = tinyFashionMnist();
        Path images = data.resolve("train-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, bytes.length / 2));

        CliRun run = CliRun.of("train-demo", "--data", data.toString(), "--out",
                dir.resolve("model").toString(), "--steps", "2");

        assertEquals(DiffViewsCli.EXIT_FAILURE, run.status());
        assertTrue(run.err().startsWith("diffviews: "), run.err());
        assertTrue(run.err().contains(images.toString()), run.err());
    }

    @Test
    void trainDemo_missingData_failsNamingTheDirectory() {
        Path missing = dir.resolve("nowhere");

        CliRun run = CliRun.of("train-demo", "--data", missing.toString(), "--out",
                dir.resolve("model").toString());

        assertEquals(DiffViewsCli.EXIT_FAILURE, run.status());
        assertTrue(run.err().contains("nowhere"), run.err());
    }

    @Test
    void trainDemo_zeroSteps_isAUsageError() {
        CliRun run = CliRun.of("train-demo", "--steps", "0", "--out",
                dir.resolve("model").toString());

        assertEquals(DiffViewsCli.EXIT_USAGE, run.status());
        assertTrue(run.err().contains("steps"), run.err());
    }
}
