package io.github.diffviews.examples;

import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.tensor.Tensor;
import io.github.diffviews.training.Trainer;
import io.github.diffviews.training.TrainingData;
import io.github.diffviews.training.TrainingListener;
import io.github.diffviews.training.TrainingOptions;
import io.github.diffviews.training.TrainingProgress;
import io.github.diffviews.training.TrainingResult;
import io.github.diffviews.torch.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the wall time of one training step (forward, backward, Adam and EMA at batch 64) of
 * candidate Fashion-MNIST networks with the default engine's trainer, to choose the size and
 * resolution of the shipped model. The images are random (the cost does not depend on them).
 *
 * <p>Each candidate runs {@code warm-up + timed} steps; the time of a step is the time between
 * two progress reports. It prints, per candidate, the parameter count and the median, minimum and
 * maximum of the timed steps. Candidates are measured in rounds (every candidate once per round),
 * so a burst of load on a shared machine hits all of them alike.
 *
 * <pre>
 * java -cp ... io.github.diffviews.examples.TrainingStepTimes [timedSteps] [rounds] [threads]
 * </pre>
 */
public final class TrainingStepTimes {

    private static final int BATCH = 64;
    private static final int WARMUP = 2;
    private static final Map<NetworkConfig, Long> PARAMETERS = new LinkedHashMap<>();

    private TrainingStepTimes() {
    }

    /**
     * Runs the measurement.
     *
     * @param args timed steps per round (default 5), rounds (default 2), threads (default 2)
     * @throws IOException if a temporary directory cannot be written
     */
    public static void main(String[] args) throws IOException {
        int timed = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        DiffusionEngine engine = EngineProvider.defaultEngine();

        Map<String, NetworkConfig> candidates = new LinkedHashMap<>();
        candidates.put("32px c32 1-2-2 1 block, attention 8", candidate(32, 32, 1, 8));
        candidates.put("32px c32 1-2-2 1 block, decoder in0 only", candidate(32, 32, 1));
        candidates.put("32px c32 1-2-2 2 blocks, attention 8", candidate(32, 32, 2, 8));
        candidates.put("16px c32 1-2-2 1 block, attention 4", candidate(16, 32, 1, 4));
        candidates.put("16px c64 1-2-2 1 block, attention 4", candidate(16, 64, 1, 4));

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, NetworkConfig> candidate : candidates.entrySet()) {
                List<Double> times = measure(engine.trainer(candidate.getValue()),
                        candidate.getValue(), timed, threads);
                seconds.computeIfAbsent(candidate.getKey(), k -> new ArrayList<>())
                        .addAll(times);
            }
        }

        System.out.printf(Locale.ROOT, "%-45s %10s %8s %8s %8s %6s%n", "candidate",
                "parameters", "median", "min", "max", "steps");
        for (Map.Entry<String, List<Double>> entry : seconds.entrySet()) {
            double[] sorted = entry.getValue().stream().mapToDouble(Double::doubleValue)
                    .sorted().toArray();
            System.out.printf(Locale.ROOT, "%-45s %10d %7.3fs %7.3fs %7.3fs %6d%n",
                    entry.getKey(), PARAMETERS.get(candidates.get(entry.getKey())),
                    median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length);
        }
    }

    private static NetworkConfig candidate(int resolution, int channels, int blocks,
            int... attention) {
        return NetworkConfig.builder().imgResolution(resolution).imgChannels(1).labelDim(10)
                .modelChannels(channels).channelMult(1, 2, 2).channelMultEmb(4)
                .numBlocks(blocks).attnResolutions(attention).dropout(0).build();
    }

    private static List<Double> measure(Trainer trainer, NetworkConfig config, int timed,
            int threads) throws IOException {
        int resolution = config.imgResolution();
        Tensor images = GaussianNoise.seeded(1).tensor(BATCH * 4, 1, resolution, resolution);
        int[] labels = new int[BATCH * 4];
        Arrays.setAll(labels, i -> i % 10);
        Path directory = Files.createTempDirectory("diffviews-step-times");
        try {
            TrainingOptions options = TrainingOptions.builder(directory).steps(WARMUP + timed)
                    .batchSize(BATCH).checkpointInterval(1_000_000).threads(threads).build();
            List<Double> times = new ArrayList<>();
            long[] last = {System.nanoTime()};
            TrainingListener listener = (TrainingProgress progress) -> {
                long now = System.nanoTime();
                if (progress.step() > WARMUP) {
                    times.add((now - last[0]) / 1e9);
                }
                last[0] = now;
            };
            TrainingResult result = trainer.train(TrainingData.of(images, labels, 10), options,
                    listener, CancellationToken.NONE);
            PARAMETERS.put(config, parameterCount(result.emaWeights()));
            return times;
        } finally {
            try (var files = Files.walk(directory)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Counts the values of a weights file, leaving out the fixed resampling filters. */
    static long parameterCount(Path weights) throws IOException {
        long count = 0;
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            for (SafetensorsFile.Entry entry : file.entries().values()) {
                if (!entry.name().endsWith("resample_filter")) {
                    count += entry.size();
                }
            }
        }
        return count;
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle]
                : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
