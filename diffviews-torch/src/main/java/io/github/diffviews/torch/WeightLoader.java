package io.github.diffviews.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.torch.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a safetensors file into a network's parameters by upstream name. Every problem is found
 * before anything is loaded and reported at once: tensors the network needs but the file lacks,
 * tensors the file has but the network does not know, and tensors whose shape differs (with both
 * shapes). The fixed {@code resample_filter} buffers are accepted and checked to be the [1, 1]
 * filter the network implements.
 */
final class WeightLoader {

    private static final Logger LOG = LoggerFactory.getLogger(WeightLoader.class);

    private static final float RESAMPLE_TAP = 0.25f;

    private WeightLoader() {
    }

    static void load(EdmPrecond network, Path file, NDManager manager) throws IOException {
        Map<String, EdmPrecond.Slot> slots = network.slots();
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            List<String> problems = check(slots, weights);
            if (!problems.isEmpty()) {
                throw new DataFormatException(file, "does not fit the network ("
                        + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                        + "): " + String.join("; ", problems));
            }

            long values = 0;
            for (Map.Entry<String, EdmPrecond.Slot> entry : slots.entrySet()) {
                float[] data = weights.readFloats(entry.getKey());
                EdmPrecond.Slot slot = entry.getValue();
                if (slot.isBuffer()) {
                    checkResampleFilter(file, entry.getKey(), data);
                    continue;
                }
                NDArray array = manager.create(data, slot.shape());
                slot.parameter().setArray(array);
                values += data.length;
            }
            LOG.debug("Loaded {} parameter values from {}", values, file);
        }
    }

    private static List<String> check(Map<String, EdmPrecond.Slot> slots,
            SafetensorsFile weights) {
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        for (Map.Entry<String, EdmPrecond.Slot> entry : slots.entrySet()) {
            SafetensorsFile.Entry found = weights.entries().get(entry.getKey());
            Shape expected = entry.getValue().shape();
            if (found == null) {
                missing.add(entry.getKey() + " " + expected);
            } else if (!Tensors.shape(found.shape()).equals(expected)) {
                misshaped.add(entry.getKey() + " is " + Tensors.shape(found.shape())
                        + ", expected " + expected);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (SafetensorsFile.Entry entry : weights.entries().values()) {
            if (!slots.containsKey(entry.name())) {
                unexpected.add(entry.name() + " " + Tensors.shape(entry.shape()));
            }
        }

        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + missing.size() + ": " + String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected " + unexpected.size() + ": "
                    + String.join(", ", unexpected));
        }
        if (!misshaped.isEmpty()) {
            problems.add("wrong shape " + misshaped.size() + ": "
                    + String.join(", ", misshaped));
        }
        return problems;
    }

    private static void checkResampleFilter(Path file, String name, float[] data)
            throws DataFormatException {
        for (float value : data) {
            if (value != RESAMPLE_TAP) {
                throw new DataFormatException(file, name + " holds a resampling filter other "
                        + "than [1, 1] (every tap 0.25); this engine implements only that "
                        + "filter");
            }
        }
    }
}
