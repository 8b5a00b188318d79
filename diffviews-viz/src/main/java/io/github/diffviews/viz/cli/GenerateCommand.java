package io.github.diffviews.viz.cli;

import io.github.diffviews.ModelData;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.generation.ActivationMasker;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.GenerationStep;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.generation.NoiseLevels;
import io.github.diffviews.generation.NoiseMode;
import io.github.diffviews.generation.Sampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffviews generate}: images from a model, optionally masked by chosen samples. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
            "Generate images with a model of a data directory.",
            "With --sample, the map's layers are masked with the mean activations of the "
                    + "sample and its --neighbors, and the class is the sample's; with --class "
                    + "nothing is masked.",
            "Writes the final images and every step's frame as PNG and prints the σ schedule "
                    + "and the file names."
        })
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    DataDirectoryOptions data;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model (default: the data directory's default model).")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Either a sample (with neighbors) to average, or a class. */
    static final class Source {

        @ArgGroup(exclusive = false)
        Masked masked;

        @Option(names = "--class", paramLabel = "C", description = "Generate class C, unmasked.")
        Integer classId;
    }

    /** A sample and its neighbors, whose mean activations become the masks. */
    static final class Masked {

        @Option(names = "--sample", required = true, paramLabel = "I",
                description = "The sample whose activations (with its neighbors') are averaged.")
        int sample;

        @Option(names = "--neighbors", split = ",", paramLabel = "J",
                description = "Neighbors averaged with the sample.")
        List<Integer> neighbors = new ArrayList<>();
    }

    @Option(names = "--count", defaultValue = "1", paramLabel = "N",
            description = "Images to generate (default: ${DEFAULT-VALUE}).")
    int count;

    /** The most denoising steps a command line may ask for. */
    static final int MAX_STEPS = 1000;

    /** The largest classifier-free guidance scale accepted. */
    static final double MAX_GUIDANCE = 30;

    @Option(names = "--steps", paramLabel = "N",
            description = "Denoising steps (default: the model's default_steps).")
    Integer steps;

    @Option(names = "--mask-steps", paramLabel = "M",
            description = "Steps the masks hold for (default: the model's, 1 unless set).")
    Integer maskSteps;

    @Option(names = "--noise-max", paramLabel = "LEVEL",
            description = "Largest noise level, 0-100 (default: the model's).")
    Double noiseMax;

    @Option(names = "--noise-min", paramLabel = "LEVEL",
            description = "Smallest noise level, 0-100 (default: the model's).")
    Double noiseMin;

    @Option(names = "--guidance", paramLabel = "G",
            description = "Classifier-free guidance scale (default: the model's).")
    Double guidance;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--noise-mode", defaultValue = "fixed", paramLabel = "MODE",
            converter = NoiseModeConverter.class,
            description = "stochastic, fixed or zero (default: ${DEFAULT-VALUE}).")
    NoiseMode noiseMode;

    @Option(names = "--sampler", defaultValue = "x0-renoise", paramLabel = "NAME",
            converter = SamplerConverter.class,
            description = "x0-renoise, euler or heun (default: ${DEFAULT-VALUE}).")
    Sampler sampler;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--out", required = true, paramLabel = "OUTDIR",
            description = "Where the PNG files go.")
    Path out;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--count must be at least 1, got " + count);
        }
        if (steps != null && (steps < 1 || steps > MAX_STEPS)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--steps must be 1 to " + MAX_STEPS + ", got " + steps);
        }
        if (guidance != null && !(guidance >= 0 && guidance <= MAX_GUIDANCE)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--guidance must be 0 to " + MAX_GUIDANCE + ", got " + guidance);
        }
        try (ModelData modelData = data.model(model)) {
            MultistepGenerator.Builder builder = MultistepGenerator.builder()
                    .steps(steps != null ? steps : modelData.config().defaultSteps())
                    .noiseLevelRange(
                            noiseMax != null ? noiseMax : NoiseLevels.toNoiseLevel(
                                    modelData.config().defaultSigmaMax()),
                            noiseMin != null ? noiseMin : NoiseLevels.toNoiseLevel(
                                    modelData.config().defaultSigmaMin()))
                    .guidance(guidance != null ? guidance : modelData.config().defaultGuidance())
                    .seed(seed)
                    .noiseMode(noiseMode)
                    .sampler(sampler)
                    .batchSize(count);

            List<Integer> averaged = List.of();
            int classId;
            if (source.masked != null) {
                averaged = averagedSamples(modelData);
                classId = modelData.samples().classId(source.masked.sample);
                int holdFor = maskSteps != null ? maskSteps : modelData.config().defaultMaskSteps();
                ActivationMasker masker = modelData.masker(averaged, holdFor);
                builder.masker(masker).maskSteps(holdFor);
            } else {
                classId = source.classId;
                if (classId < 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--class must "
                            + "be a class id, 0 or more, got " + classId);
                }
            }
            if (classId >= 0) {
                builder.classLabel(classId);
            } else {
                builder.noClass();
            }

            Denoiser denoiser = modelData.denoiser(EngineOptions.defaults().withDevice(device));
            Generation generation = builder.build().generate(denoiser);
            Map<String, Object> result = write(generation, modelData, classId, averaged);
            print(result);
        }
        return 0;
    }

    private List<Integer> averagedSamples(ModelData modelData) {
        LinkedHashSet<Integer> samples = new LinkedHashSet<>();
        samples.add(source.masked.sample);
        samples.addAll(source.masked.neighbors);
        for (int sample : samples) {
            if (sample < 0 || sample >= modelData.size()) {
                throw new IllegalArgumentException("Sample " + sample + " is out of range: model '"
                        + modelData.name() + "' has " + modelData.size() + " samples (0-"
                        + (modelData.size() - 1) + ")");
            }
        }
        return List.copyOf(samples);
    }

    private Map<String, Object> write(Generation generation, ModelData modelData, int classId,
            List<Integer> averaged) throws IOException {
        Files.createDirectories(out);
        List<String> images = new ArrayList<>();
        for (int item = 0; item < generation.images().size(); item++) {
            Path file = out.resolve(String.format(Locale.ROOT, "image_%03d.png", item));
            ImageIO.write(generation.images().toBufferedImage(item), "png", file.toFile());
            images.add(file.toString());
        }
        List<String> frames = new ArrayList<>();
        Path frameDirectory = out.resolve("frames");
        Files.createDirectories(frameDirectory);
        for (GenerationStep step : generation.frames()) {
            for (int item = 0; item < generation.images().size(); item++) {
                Path file = frameDirectory.resolve(String.format(Locale.ROOT,
                        "image_%03d_step_%02d.png", item, step.index()));
                ImageIO.write(step.composite(item), "png", file.toFile());
                frames.add(file.toString());
            }
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", modelData.name());
        result.put("class", classId);
        result.put("class_name", classId >= 0 ? modelData.classNameOf(classId) : null);
        result.put("averaged_samples", averaged);
        result.put("sampler", sampler.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        result.put("noise_mode", noiseMode.name().toLowerCase(Locale.ROOT));
        result.put("seed", generation.seed());
        double[] sigmas = generation.sigmas();
        result.put("sigmas", sigmas);
        double[] levels = new double[sigmas.length];
        for (int i = 0; i < sigmas.length; i++) {
            levels[i] = NoiseLevels.toNoiseLevel(sigmas[i]);
        }
        result.put("noise_levels", levels);
        result.put("images", images);
        result.put("frames", frames);
        return result;
    }

    private void print(Map<String, Object> result) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, result);
            return;
        }
        out.printf(Locale.ROOT, "σ schedule: %s%n", java.util.Arrays.toString(
                (double[]) result.get("sigmas")));
        for (Object image : (List<?>) result.get("images")) {
            out.println(image);
        }
        out.printf(Locale.ROOT, "%d frames in %s%n", ((List<?>) result.get("frames")).size(),
                this.out.resolve("frames"));
        out.flush();
    }

    /** Reads noise modes as written: stochastic, fixed, zero. */
    static final class NoiseModeConverter implements CommandLine.ITypeConverter<NoiseMode> {

        @Override
        public NoiseMode convert(String value) {
            try {
                return NoiseMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a noise mode; expected stochastic, fixed or zero");
            }
        }
    }

    /** Reads sampler names as written: x0-renoise, euler, heun. */
    static final class SamplerConverter implements CommandLine.ITypeConverter<Sampler> {

        @Override
        public Sampler convert(String value) {
            try {
                return Sampler.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a sampler; expected x0-renoise, euler or heun");
            }
        }
    }
}
