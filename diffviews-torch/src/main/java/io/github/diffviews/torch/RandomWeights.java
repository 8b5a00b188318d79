package io.github.diffviews.torch;

import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.torch.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a safetensors file of random weights for a network, under the upstream names and
 * shapes, for benchmarks and tests that need a network of a given size but not a trained one.
 *
 * <p>The values follow the rule of the golden vectors, so the attention logits are far from
 * uniform: weights {@code N(0,1) · gain / √fan_in} (gain 1.5 for {@code qkv.weight}, fan-in the
 * product of all dimensions after the first), biases {@code 0.05 · N(0,1)}, GroupNorm scales
 * {@code 1 + 0.1 · N(0,1)} and shifts {@code 0.1 · N(0,1)}; the resampling buffers hold the
 * [1, 1] filter. Normals come from {@link GaussianNoise} with the given seed, one tensor after
 * the other in {@code state_dict()} order, so the file depends only on the config and the seed.
 * Tensors are generated while the file is written, so it may be larger than the heap.
 */
public final class RandomWeights {

    private RandomWeights() {
    }

    /**
     * Writes random weights.
     *
     * @param config the network
     * @param file the safetensors file to write
     * @param seed the seed of the values
     * @throws IOException if the file cannot be written
     */
    public static void write(NetworkConfig config, Path file, long seed) throws IOException {
        Map<String, EdmPrecond.Slot> slots = new EdmPrecond(config).slots();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        slots.forEach((name, slot) -> shapes.put(name, toInts(slot.shape().getShape())));
        GaussianNoise noise = GaussianNoise.seeded(seed);

        SafetensorsWriter.write(file, shapes, name -> values(name, shapes.get(name), noise),
                Map.of("generator", "diffviews RandomWeights", "seed", Long.toString(seed),
                        "network", config.toJson().toString()));
    }

    private static float[] values(String name, int[] shape, GaussianNoise noise) {
        int count = 1;
        for (int dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        float[] values = new float[count];
        if (name.endsWith(EdmPrecond.RESAMPLE_FILTER)) {
            Arrays.fill(values, 0.25f);
            return values;
        }
        boolean norm = name.contains("norm");
        boolean weight = name.endsWith(".weight");
        double fanIn = count / (double) shape[0];
        double gain = name.endsWith(".qkv.weight") ? 1.5 : 1.0;
        for (int i = 0; i < count; i++) {
            double normal = noise.nextGaussian();
            if (norm) {
                values[i] = (float) (weight ? 1 + 0.1 * normal : 0.1 * normal);
            } else if (weight) {
                values[i] = (float) (normal * gain / Math.sqrt(fanIn));
            } else {
                values[i] = (float) (0.05 * normal);
            }
        }
        return values;
    }

    private static int[] toInts(long[] dims) {
        int[] ints = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            ints[i] = Math.toIntExact(dims[i]);
        }
        return ints;
    }
}
