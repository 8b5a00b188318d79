package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.generation.NoiseLevels;
import io.github.diffviews.generation.NoiseMode;
import io.github.diffviews.generation.Sampler;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The settings of one generation from the page, checked: steps, mask steps, the noise range as
 * noise levels (0-100, converted to σ by {@link NoiseLevels}), guidance, noise mode, seed and
 * sampler. A setting the request leaves out takes the model's default from {@code config.json}.
 *
 * @param steps denoising steps, 1 to {@value #MAX_STEPS}
 * @param maskSteps leading steps the masks hold for, 0 to {@code steps}
 * @param noiseMax noise level of the first step, in (0, 100]
 * @param noiseMin noise level of the last step, in [0, noiseMax)
 * @param guidance classifier-free guidance scale, 0 to {@value #MAX_GUIDANCE}
 * @param noiseMode the noise mode
 * @param seed the seed, or null for a random one (fixed mode then uses 42)
 * @param sampler the sampler
 */
record GenerationSettings(int steps, int maskSteps, double noiseMax, double noiseMin,
        double guidance, NoiseMode noiseMode, Long seed, Sampler sampler) {

    /** The most steps a generation from the page may take. */
    static final int MAX_STEPS = 256;

    /** The largest guidance scale accepted. */
    static final double MAX_GUIDANCE = 30;

    static final List<String> NOISE_MODES = List.of("stochastic", "fixed", "zero");

    static final List<String> SAMPLERS = List.of("x0_renoise", "euler", "heun");

    private static final Set<String> FIELDS = Set.of("steps", "maskSteps", "noiseMax",
            "noiseMin", "guidance", "noiseMode", "seed", "sampler");

    /** The model's defaults: its steps, mask steps, noise range and guidance. */
    static GenerationSettings defaults(ModelConfig config) {
        int steps = Math.min(Math.max(config.defaultSteps(), 1), MAX_STEPS);
        return new GenerationSettings(steps, Math.min(config.defaultMaskSteps(), steps),
                round(NoiseLevels.toNoiseLevel(config.defaultSigmaMax())),
                round(NoiseLevels.toNoiseLevel(config.defaultSigmaMin())),
                config.defaultGuidance(), NoiseMode.STOCHASTIC, null, Sampler.X0_RENOISE);
    }

    /** Reads and checks a request, filling gaps from the defaults. */
    static GenerationSettings parse(JsonNode json, GenerationSettings defaults) {
        Body body = Body.of(json, FIELDS);
        int steps = body.integer("steps", 1, MAX_STEPS, defaults.steps());
        int maskSteps = body.integer("maskSteps", 0, steps,
                Math.min(defaults.maskSteps(), steps));
        double noiseMax = body.number("noiseMax", 0, 100, defaults.noiseMax());
        double noiseMin = body.number("noiseMin", 0, 100, defaults.noiseMin());
        if (!(noiseMin < noiseMax)) {
            throw HttpError.badRequest(String.format(Locale.ROOT, "The noise range %.2f%% → "
                    + "%.2f%% is empty; the minimum must be below the maximum", noiseMax,
                    noiseMin));
        }
        double guidance = body.number("guidance", 0, MAX_GUIDANCE, defaults.guidance());
        String mode = body.choice("noiseMode", NOISE_MODES, name(defaults.noiseMode()));
        String sampler = body.choice("sampler", SAMPLERS, name(defaults.sampler()));
        Long seed = body.optionalLong("seed", 0, Body.MAX_SAFE_INTEGER);
        return new GenerationSettings(steps, maskSteps, noiseMax, noiseMin, guidance,
                NoiseMode.valueOf(mode.toUpperCase(Locale.ROOT)), seed,
                Sampler.valueOf(sampler.toUpperCase(Locale.ROOT)));
    }

    double sigmaMax() {
        return NoiseLevels.toSigma(noiseMax);
    }

    double sigmaMin() {
        return NoiseLevels.toSigma(noiseMin);
    }

    ObjectNode toJson() {
        ObjectNode json = Jsons.MAPPER.createObjectNode();
        json.put("steps", steps);
        json.put("maskSteps", maskSteps);
        json.put("noiseMax", noiseMax);
        json.put("noiseMin", noiseMin);
        json.put("sigmaMax", sigmaMax());
        json.put("sigmaMin", sigmaMin());
        json.put("guidance", guidance);
        json.put("noiseMode", name(noiseMode));
        if (seed == null) {
            json.putNull("seed");
        } else {
            json.put("seed", seed);
        }
        json.put("sampler", name(sampler));
        return json;
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static double round(double noiseLevel) {
        return Math.round(noiseLevel * 100) / 100.0;
    }
}
