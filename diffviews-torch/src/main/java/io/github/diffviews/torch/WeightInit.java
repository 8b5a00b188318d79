package io.github.diffviews.torch;

import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.network.NetworkConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The initial weights of a network to train, by EDM's rules for {@code DhariwalUNet}:
 * <ul>
 *   <li>GroupNorm scales 1, shifts 0;</li>
 *   <li>the last convolution of each residual block ({@code conv1}), the attention output
 *       ({@code proj}) and the output convolution ({@code out_conv}) start at zero, so every
 *       block starts as its skip connection and the network's output {@code F} as 0;</li>
 *   <li>the label embedding ({@code map_label}, no bias) is standard normal;</li>
 *   <li>every other weight and bias is uniform in {@code ±1/√fan_in}, the fan-in being the
 *       weight's input features times its kernel area.</li>
 * </ul>
 * Values depend only on the configuration and the seed: tensors are filled one after the other
 * in {@code state_dict()} order from one {@link SplittableRandom} (uniforms) and one
 * {@link GaussianNoise} (normals).
 */
final class WeightInit {

    private WeightInit() {
    }

    /**
     * Returns initial values for every parameter (not the fixed resampling buffers).
     *
     * @param config the network
     * @param seed the seed
     * @return parameter name to values in C order, in {@code state_dict()} order
     */
    static Map<String, float[]> values(NetworkConfig config, long seed) {
        Map<String, EdmPrecond.Slot> slots = new EdmPrecond(config).slots();
        SplittableRandom uniform = new SplittableRandom(seed);
        GaussianNoise normal = GaussianNoise.seeded(uniform.nextLong());
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, EdmPrecond.Slot> entry : slots.entrySet()) {
            if (entry.getValue().isBuffer()) {
                continue;
            }
            String name = entry.getKey();
            long[] shape = entry.getValue().shape().getShape();
            float[] data = new float[Math.toIntExact(entry.getValue().shape().size())];
            String module = name.substring(0, name.lastIndexOf('.'));
            boolean weight = name.endsWith(".weight");
            if (module.matches(".*norm\\d?")) {
                Arrays.fill(data, weight ? 1f : 0f);
            } else if (isZeroInit(module)) {
                Arrays.fill(data, 0f);
            } else if (module.endsWith("map_label")) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) normal.nextGaussian();
                }
            } else {
                long[] weightShape = weight ? shape
                        : slots.get(module + ".weight").shape().getShape();
                double bound = 1.0 / Math.sqrt(fanIn(weightShape));
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) ((uniform.nextDouble() * 2 - 1) * bound);
                }
            }
            values.put(name, data);
        }
        return values;
    }

    private static boolean isZeroInit(String module) {
        return module.endsWith(".conv1") || module.endsWith(".proj")
                || module.endsWith("out_conv");
    }

    private static long fanIn(long[] weightShape) {
        long fanIn = 1;
        for (int i = 1; i < weightShape.length; i++) {
            fanIn *= weightShape[i];
        }
        return fanIn;
    }
}
