package io.github.diffviews.torch;

import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.torch.safetensors.SafetensorsFile;
import io.github.diffviews.torch.safetensors.SafetensorsWriter;
import io.github.diffviews.training.TrainingData;
import io.github.diffviews.training.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A training checkpoint as a safetensors file: for every parameter (upstream name {@code p}) the
 * weights {@code net/p}, their EMA {@code ema/p} and Adam's moments {@code adam_m/p} and
 * {@code adam_v/p}, all float32, so the state round-trips exactly. The metadata holds the
 * format, the step, the exact raw value of the smoothed loss, the training time so far, the
 * network configuration, and the options and data size the run's trajectory depends on; the
 * state of the random streams is the step and the seed (see {@link TrainingBatches}).
 */
final class TrainingCheckpoint {

    static final String FORMAT = "diffviews-edm-training-checkpoint-1";

    private static final String[] GROUPS = {"net", "ema", "adam_m", "adam_v"};

    private TrainingCheckpoint() {
    }

    /**
     * The state of a run between steps.
     *
     * @param step steps taken
     * @param smoothedRaw the smoothed loss before its start correction
     * @param elapsedMillis training time so far
     * @param tensors group ({@code net}, {@code ema}, {@code adam_m}, {@code adam_v}) to
     *     parameter name to values
     */
    record State(long step, double smoothedRaw, long elapsedMillis,
            Map<String, Map<String, float[]>> tensors) {
    }

    /** Writes a checkpoint atomically. */
    static void write(Path file, NetworkConfig config, TrainingOptions options, TrainingData data,
            State state, Map<String, int[]> shapes) throws IOException {
        Map<String, int[]> all = new LinkedHashMap<>();
        for (String group : GROUPS) {
            shapes.forEach((name, shape) -> all.put(group + "/" + name, shape));
        }
        Map<String, String> metadata = new LinkedHashMap<>(trajectory(config, options, data));
        metadata.put("format", FORMAT);
        metadata.put("step", Long.toString(state.step()));
        metadata.put("smoothed_loss_raw", Double.toString(state.smoothedRaw()));
        metadata.put("elapsed_ms", Long.toString(state.elapsedMillis()));
        metadata.put("random_state", "streams derived from seed and step");
        SafetensorsWriter.write(file, all, name -> {
            int slash = name.indexOf('/');
            return state.tensors().get(name.substring(0, slash)).get(name.substring(slash + 1));
        }, metadata);
    }

    /**
     * Reads a checkpoint and checks it was written for this network, these options and data of
     * this size.
     */
    static State read(Path file, NetworkConfig config, TrainingOptions options, TrainingData data,
            Map<String, int[]> shapes) throws IOException {
        try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
            Map<String, String> metadata = checkpoint.metadata();
            if (!FORMAT.equals(metadata.get("format"))) {
                throw new DataFormatException(file, "is not a training checkpoint of this "
                        + "library (format '" + metadata.get("format") + "', expected '"
                        + FORMAT + "')");
            }
            checkTrajectory(file, metadata, config, options, data);

            Map<String, Map<String, float[]>> tensors = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (String group : GROUPS) {
                Map<String, float[]> values = new LinkedHashMap<>();
                for (Map.Entry<String, int[]> entry : shapes.entrySet()) {
                    String name = group + "/" + entry.getKey();
                    SafetensorsFile.Entry found = checkpoint.entries().get(name);
                    if (found == null) {
                        problems.add("missing " + name);
                    } else if (!java.util.Arrays.equals(found.shape(), entry.getValue())) {
                        problems.add(name + " has shape "
                                + java.util.Arrays.toString(found.shape()) + ", expected "
                                + java.util.Arrays.toString(entry.getValue()));
                    } else {
                        values.put(entry.getKey(), checkpoint.readFloats(name));
                    }
                }
                tensors.put(group, values);
            }
            if (!problems.isEmpty()) {
                throw new DataFormatException(file, "does not fit the network: "
                        + String.join("; ", problems));
            }
            try {
                return new State(Long.parseLong(metadata.get("step")),
                        Double.parseDouble(metadata.get("smoothed_loss_raw")),
                        Long.parseLong(metadata.get("elapsed_ms")), tensors);
            } catch (NumberFormatException | NullPointerException e) {
                throw new DataFormatException(file, "has a malformed step, loss or time in its "
                        + "metadata: " + metadata, e);
            }
        }
    }

    private static Map<String, String> trajectory(NetworkConfig config, TrainingOptions options,
            TrainingData data) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("network", config.toJson().toString());
        values.put("seed", Long.toString(options.seed()));
        values.put("batch_size", Integer.toString(options.batchSize()));
        values.put("learning_rate", Double.toString(options.learningRate()));
        values.put("warmup_steps", Integer.toString(options.warmupSteps()));
        values.put("ema", options.emaDecay() >= 0 ? "decay " + options.emaDecay()
                : "half-life " + options.emaHalfLifeImages() + " images, ramp-up "
                        + options.emaRampUpRatio());
        values.put("p_mean", Double.toString(options.pMean()));
        values.put("p_std", Double.toString(options.pStd()));
        values.put("sigma_data", Double.toString(options.sigmaData()));
        values.put("data_size", Integer.toString(data.size()));
        return values;
    }

    private static void checkTrajectory(Path file, Map<String, String> metadata,
            NetworkConfig config, TrainingOptions options, TrainingData data)
            throws DataFormatException {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> expected : trajectory(config, options, data).entrySet()) {
            String found = metadata.get(expected.getKey());
            boolean same = expected.getKey().equals("network")
                    ? found != null && sameNetwork(found, config)
                    : Objects.equals(found, expected.getValue());
            if (!same && expected.getKey().equals("network")) {
                differences.add("the network differs (there: " + found + ")");
            } else if (!same) {
                differences.add(expected.getKey() + " is " + found + " there, "
                        + expected.getValue() + " here");
            }
        }
        if (!differences.isEmpty()) {
            throw new DataFormatException(file, "was written by a run with other settings, so "
                    + "resuming cannot continue it: " + String.join("; ", differences)
                    + " (only the step count may change on resume)");
        }
    }

    private static boolean sameNetwork(String json, NetworkConfig config) {
        try {
            return NetworkConfig.fromJson(json).equals(config);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
