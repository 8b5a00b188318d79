package io.github.diffviews.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.tensor.Tensor;
import io.github.diffviews.torch.safetensors.SafetensorsFile;
import io.github.diffviews.training.Trainer;
import io.github.diffviews.training.TrainingData;
import io.github.diffviews.training.TrainingListener;
import io.github.diffviews.training.TrainingOptions;
import io.github.diffviews.training.TrainingProgress;
import io.github.diffviews.training.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EDM trainer on a tiny network and a tiny dataset of bars. */
class PtTrainerTest {

    private static final NetworkConfig TINY = TrainingModeTest.tinyConfig();

    /** 48 images of 8×8: class 0 a horizontal bar, class 1 a vertical bar, class 2 a diagonal. */
    static TrainingData bars() {
        SplittableRandom random = new SplittableRandom(3);
        int count = 48;
        float[] values = new float[count * 64];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 3;
            int offset = random.nextInt(1, 7);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    boolean on = switch (labels[i]) {
                        case 0 -> y == offset;
                        case 1 -> x == offset;
                        default -> (x + offset) % 8 == y;
                    };
                    values[i * 64 + y * 8 + x] = on ? 1f : -1f;
                }
            }
        }
        return TrainingData.of(Tensor.wrap(values, count, 1, 8, 8), labels, 3);
    }

    private static TrainingOptions.Builder options(Path directory, int steps) {
        return TrainingOptions.builder(directory).steps(steps).batchSize(8).learningRate(2e-3)
                .warmupSteps(2).emaHalfLife(400, 0.1).seed(42).checkpointInterval(5)
                .threads(1);
    }

    private static Trainer trainer() {
        return EngineProvider.engine("pytorch").trainer(TINY);
    }

    private static List<TrainingProgress> train(Trainer trainer, TrainingOptions options,
            CancellationToken token) throws IOException {
        List<TrainingProgress> steps = new ArrayList<>();
        trainer.train(bars(), options, steps::add, token);
        return steps;
    }

    @Test
    void train_barsFor60Steps_lossDecreases(@TempDir Path dir) throws IOException {
        List<TrainingProgress> steps = train(trainer(), options(dir, 60).checkpointInterval(60)
                .build(), CancellationToken.NONE);

        assertEquals(60, steps.size());
        double first = steps.subList(0, 10).stream().mapToDouble(TrainingProgress::loss)
                .average().orElseThrow();
        double last = steps.subList(50, 60).stream().mapToDouble(TrainingProgress::loss)
                .average().orElseThrow();
        assertTrue(last < 0.75 * first, "mean loss of steps 1-10 " + first + ", of 51-60 " + last);
        assertTrue(steps.get(59).smoothedLoss() < steps.get(9).smoothedLoss());
    }

    @Test
    void lossWeight_handValues_matchEdm() {
        assertEquals(5.0, TrainingBatches.lossWeight(1.0, 0.5), 1e-12);
        assertEquals(8.0, TrainingBatches.lossWeight(0.5, 0.5), 1e-12);
        assertEquals((4.0 + 0.25) / (4.0 * 0.25), TrainingBatches.lossWeight(2.0, 0.5), 1e-12);
    }

    @Test
    void batch_sigmas_followLogNormalOfPmeanAndPstd(@TempDir Path dir) throws IOException {
        TrainingOptions options = options(dir, 10).batchSize(48).build();
        TrainingBatches batches = new TrainingBatches(bars(), options, 3, 0.0);

        double sum = 0;
        double squares = 0;
        int count = 0;
        for (int step = 0; step < 100; step++) {
            for (float sigma : batches.batch(step).sigma()) {
                double log = Math.log(sigma);
                sum += log;
                squares += log * log;
                count++;
            }
        }
        double mean = sum / count;
        double std = Math.sqrt(squares / count - mean * mean);
        assertEquals(-1.2, mean, 0.05);
        assertEquals(1.2, std, 0.05);
    }

    @Test
    void batch_oneEpoch_visitsEveryImageOnceWithItsLabel(@TempDir Path dir) throws IOException {
        TrainingData data = bars();
        TrainingBatches batches = new TrainingBatches(data, options(dir, 10).build(), 3, 0.0);

        int[] seen = new int[3];
        for (int step = 0; step < 6; step++) {
            TrainingBatches.Batch batch = batches.batch(step);
            for (int j = 0; j < 8; j++) {
                seen[batch.classIds()[j]]++;
                assertEquals(1f, batch.labels()[j * 3 + batch.classIds()[j]]);
            }
        }
        assertArrayEquals(new int[] {16, 16, 16}, seen);
    }

    @Test
    void train_firstStep_reportsHandComputedEdmLoss(@TempDir Path dir) throws IOException {
        TrainingOptions options = options(dir, 1).warmupSteps(0).build();
        TrainingBatches.Batch batch = new TrainingBatches(bars(), options, 3,
                TINY.labelDropout()).batch(0);

        List<TrainingProgress> steps = train(trainer(), options, CancellationToken.NONE);

        // The output convolution starts at zero, so D(x; σ) = c_skip(σ) · x before any update.
        double total = 0;
        int pixels = 64;
        for (int j = 0; j < 8; j++) {
            double sigma = batch.sigma()[j];
            double cSkip = 0.25 / (sigma * sigma + 0.25);
            double weight = (sigma * sigma + 0.25) / (sigma * sigma * 0.25);
            for (int p = 0; p < pixels; p++) {
                double y = batch.images()[j * pixels + p];
                double x = y + sigma * ((batch.noisy()[j * pixels + p] - y) / sigma);
                double error = cSkip * x - y;
                total += weight * error * error;
            }
        }
        double expected = total / (8 * pixels);
        assertEquals(expected, steps.get(0).loss(), 1e-4 * expected);
    }

    @Test
    void train_resumedHalfway_equalsStraightRunBitForBit(@TempDir Path dir) throws IOException {
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        List<TrainingProgress> straightSteps = train(trainer(), options(straight, 20).build(),
                CancellationToken.NONE);

        train(trainer(), options(resumed, 10).build(), CancellationToken.NONE);
        List<TrainingProgress> secondHalf = train(trainer(), options(resumed, 20).resume(true)
                .build(), CancellationToken.NONE);

        assertEquals(11, secondHalf.get(0).step());
        for (int i = 0; i < 10; i++) {
            assertEquals(straightSteps.get(10 + i).loss(), secondHalf.get(i).loss(), 0.0);
            assertEquals(straightSteps.get(10 + i).smoothedLoss(),
                    secondHalf.get(i).smoothedLoss(), 0.0);
        }
        assertSameTensors(straight.resolve(Trainer.CHECKPOINT_FILE),
                resumed.resolve(Trainer.CHECKPOINT_FILE));
        assertSameTensors(straight.resolve(Trainer.EMA_FILE), resumed.resolve(Trainer.EMA_FILE));
        assertEquals(lossColumn(straight), lossColumn(resumed));
    }

    @Test
    void train_cancelledAtStep7_keepsCheckpointOfStep5AndResumes(@TempDir Path dir)
            throws IOException {
        CancellationToken token = CancellationToken.create();
        List<Long> checkpoints = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void stepFinished(TrainingProgress progress) {
                if (progress.step() == 7) {
                    token.cancel();
                }
            }

            @Override
            public void checkpointWritten(long step, Path file) {
                checkpoints.add(step);
            }
        };

        assertThrows(CancellationException.class, () -> trainer().train(bars(),
                options(dir, 20).build(), listener, token));

        assertEquals(List.of(5L), checkpoints);
        assertEquals("5", metadata(dir.resolve(Trainer.CHECKPOINT_FILE)).get("step"));
        assertEquals("5", metadata(dir.resolve(Trainer.EMA_FILE)).get("step"));
        List<TrainingProgress> rest = train(trainer(), options(dir, 20).resume(true).build(),
                CancellationToken.NONE);
        assertEquals(6, rest.get(0).step());
        assertEquals(20, rest.get(rest.size() - 1).step());
    }

    @Test
    void train_dataFailsAtStep8_leavesCheckpointOfStep5Whole(@TempDir Path dir)
            throws IOException {
        TrainingData bars = bars();
        AtomicInteger reads = new AtomicInteger();
        TrainingData failing = new FailingData(bars, 8 * 7 + 1, reads);

        IOException error = assertThrows(IOException.class, () -> trainer().train(failing,
                options(dir, 20).build(), TrainingListener.NONE, CancellationToken.NONE));

        assertTrue(error.getMessage().contains("disk went away"), error.getMessage());
        assertEquals("5", metadata(dir.resolve(Trainer.CHECKPOINT_FILE)).get("step"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(Trainer.CHECKPOINT_FILE, Trainer.EMA_FILE, Trainer.LOG_FILE),
                    files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary files are left behind");
        }
        TrainingResult result = trainer().train(bars, options(dir, 20).resume(true).build(),
                TrainingListener.NONE, CancellationToken.NONE);
        assertEquals(5, result.resumedFrom());
        assertEquals(20, result.steps());
    }

    @Test
    void train_readerDuringCheckpoints_alwaysSeesAWholeFile(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve(Trainer.CHECKPOINT_FILE);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                if (Files.exists(checkpoint)) {
                    try (SafetensorsFile file = SafetensorsFile.open(checkpoint)) {
                        String name = file.entries().keySet().iterator().next();
                        file.readFloats(name);
                        reads.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }
            }
        });
        reader.start();
        try {
            train(trainer(), options(dir, 30).checkpointInterval(1).build(),
                    CancellationToken.NONE);
        } finally {
            done.set(true);
            reader.join();
        }

        assertTrue(failures.isEmpty(), "a reader saw a partial checkpoint: " + failures);
        assertTrue(reads.get() > 0);
    }

    @Test
    void train_manySteps_holdsAConstantNumberOfNativeArrays(@TempDir Path dir)
            throws IOException {
        PtTrainer trainer = new PtTrainer(TINY);
        List<Integer> counts = new ArrayList<>();
        trainer.liveArrayProbe(counts::add);

        trainer.train(bars(), options(dir, 30).checkpointInterval(7).build(),
                TrainingListener.NONE, CancellationToken.NONE);

        assertEquals(30, counts.size());
        for (int count : counts) {
            assertEquals(counts.get(0), count, "native arrays per step: " + counts);
        }
    }

    @Test
    void train_emaWeights_openAsDenoiserAndDenoise(@TempDir Path dir) throws IOException {
        TrainingResult result = trainer().train(bars(), options(dir, 10).build(),
                TrainingListener.NONE, CancellationToken.NONE);

        assertEquals(10, result.steps());
        try (Denoiser denoiser = EngineProvider.engine("pytorch").open(TINY,
                result.emaWeights(), EngineOptions.defaults())) {
            Tensor denoised = denoiser.denoise(DenoiseRequest.builder(Tensor.zeros(2, 1, 8, 8))
                    .sigmas(1.0, 1.0).build()).denoised();
            assertEquals(0, denoised.countNonFinite());
        }
    }

    @Test
    void train_existingCheckpointWithoutResume_isRefused(@TempDir Path dir) throws IOException {
        train(trainer(), options(dir, 5).build(), CancellationToken.NONE);

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> train(trainer(), options(dir, 10).build(), CancellationToken.NONE));
        assertTrue(error.getMessage().contains("resume"), error.getMessage());
    }

    @Test
    void train_resumeWithOtherBatchAndSeed_namesBothDifferences(@TempDir Path dir)
            throws IOException {
        train(trainer(), options(dir, 5).build(), CancellationToken.NONE);

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> train(trainer(), options(dir, 10).batchSize(4).seed(7).resume(true)
                        .build(), CancellationToken.NONE));
        assertTrue(error.getMessage().contains("batch_size is 8 there, 4 here"),
                error.getMessage());
        assertTrue(error.getMessage().contains("seed is 42 there, 7 here"), error.getMessage());
    }

    @Test
    void train_dataOfAnotherShape_isRejectedWithEveryMismatch(@TempDir Path dir) {
        TrainingData wrong = TrainingData.of(Tensor.zeros(4, 3, 16, 16), new int[4], 5);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> trainer().train(wrong, options(dir, 5).build(), TrainingListener.NONE,
                        CancellationToken.NONE));
        assertTrue(error.getMessage().contains("3 channels"), error.getMessage());
        assertTrue(error.getMessage().contains("16 pixels wide"), error.getMessage());
        assertTrue(error.getMessage().contains("5 classes"), error.getMessage());
    }

    @Test
    void train_sigmaDataOtherThanNetworks_isRejected(@TempDir Path dir) {
        TrainingOptions options = options(dir, 5).sigmaData(1.0).build();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> trainer().train(bars(), options, TrainingListener.NONE,
                        CancellationToken.NONE));
        assertTrue(error.getMessage().contains("sigma_data"), error.getMessage());
    }

    @Test
    void trainer_networkWithDropout_isUnsupported() {
        NetworkConfig withDropout = NetworkConfig.builder().imgResolution(8).imgChannels(1)
                .labelDim(3).modelChannels(16).channelMult(1, 2).numBlocks(1)
                .attnResolutions(4).channelsPerHead(8).dropout(0.1).build();

        UnsupportedOperationException error = assertThrows(
                UnsupportedOperationException.class,
                () -> EngineProvider.engine("pytorch").trainer(withDropout));
        assertTrue(error.getMessage().contains("dropout"), error.getMessage());
    }

    private static Map<String, String> metadata(Path file) throws IOException {
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            return safetensors.metadata();
        }
    }

    private static void assertSameTensors(Path expected, Path actual) throws IOException {
        try (SafetensorsFile a = SafetensorsFile.open(expected);
                SafetensorsFile b = SafetensorsFile.open(actual)) {
            assertEquals(a.entries().keySet(), b.entries().keySet());
            for (String name : a.entries().keySet()) {
                assertArrayEquals(a.readFloats(name), b.readFloats(name), 0f, name);
            }
            assertEquals(a.metadata().get("step"), b.metadata().get("step"));
        }
    }

    private static List<String> lossColumn(Path directory) throws IOException {
        List<String> losses = new ArrayList<>();
        for (String line : Files.readAllLines(directory.resolve(Trainer.LOG_FILE),
                StandardCharsets.UTF_8)) {
            String[] cells = line.split(",");
            losses.add(cells[0] + "," + cells[1] + "," + cells[2]);
        }
        assertFalse(losses.isEmpty());
        return losses;
    }

    /** Training data whose reads fail from a given read on, like a disk that goes away. */
    private static final class FailingData implements TrainingData {

        private final TrainingData data;
        private final int failAt;
        private final AtomicInteger reads;

        FailingData(TrainingData data, int failAt, AtomicInteger reads) {
            this.data = data;
            this.failAt = failAt;
            this.reads = reads;
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public int channels() {
            return data.channels();
        }

        @Override
        public int resolution() {
            return data.resolution();
        }

        @Override
        public int classCount() {
            return data.classCount();
        }

        @Override
        public void copyImage(int index, float[] destination, int offset) throws IOException {
            if (reads.incrementAndGet() >= failAt) {
                throw new IOException("disk went away");
            }
            data.copyImage(index, destination, offset);
        }

        @Override
        public int label(int index) throws IOException {
            return data.label(index);
        }

        @Override
        public String description() {
            return "failing " + data.description();
        }
    }
}
