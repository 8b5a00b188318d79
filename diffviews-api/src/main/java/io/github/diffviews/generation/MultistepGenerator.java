package io.github.diffviews.generation;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates images with a {@link Denoiser}, optionally with layers pinned to masks for the first
 * steps, recording every step. Engine-neutral: it only calls {@link Denoiser#denoise}.
 *
 * <p>A generator is an immutable recipe built with {@link #builder()}; {@link #generate} runs it
 * and may be called from several threads at once, on one denoiser or several. A run:
 * <ol>
 *   <li>draws the class labels (a given class, random classes, or the uniform label
 *       {@code 1/label_dim} for no class) and the initial noise ε on the Java side, so a seeded
 *       run is the same on every engine and device;</li>
 *   <li>walks the σ schedule of its {@link Sampler} from {@code x = ε · σ_0}, calling the
 *       denoiser once per step (twice for Heun's correction), with the masker's masks on steps
 *       {@code 0 … maskSteps−1} and the capture layers on the first call of each step;</li>
 *   <li>after each step tells the listeners: index, σ and noise level, the noised input and the
 *       prediction as tensors and 8-bit images, the captured activations flattened in sorted
 *       layer order, and their map points when a projector is set.</li>
 * </ol>
 * The sampler state is kept in double precision, as upstream's EDM sampler does; the denoiser
 * sees float32.
 */
public final class MultistepGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(MultistepGenerator.class);

    /** The seed of {@link NoiseMode#FIXED} when none is given, as in the Python tool. */
    public static final long DEFAULT_FIXED_SEED = 42L;

    private static final long CLASS_STREAM = 0x9E3779B97F4A7C15L;

    private final double[] schedule;
    private final double guidance;
    private final int[] classLabels;
    private final boolean uniformLabel;
    private final int batchSize;
    private final Long seed;
    private final NoiseMode noiseMode;
    private final NoiseSource noiseSource;
    private final Sampler sampler;
    private final ActivationMasker masker;
    private final List<String> captures;
    private final CancellationToken cancellation;
    private final TrajectoryProjector projector;
    private final List<StepListener> listeners;

    private MultistepGenerator(Builder builder, double[] schedule, ActivationMasker masker) {
        this.schedule = schedule;
        this.guidance = builder.guidance;
        this.classLabels = builder.classLabels;
        this.uniformLabel = builder.uniformLabel;
        this.batchSize = builder.batchSize;
        this.seed = builder.seed;
        this.noiseMode = builder.noiseMode;
        this.noiseSource = builder.noiseSource;
        this.sampler = builder.sampler;
        this.masker = masker;
        this.captures = List.copyOf(new TreeSet<>(builder.captures));
        this.cancellation = builder.cancellation;
        this.projector = builder.projector;
        this.listeners = List.copyOf(builder.listeners);
    }

    /**
     * Returns a builder with the defaults: 5 steps from σ 80 to σ 0.002 (noise level 100 to 0),
     * ρ 7, guidance 1, a random class, batch 1, stochastic noise, the x0 re-noise sampler, no
     * masks, no captures.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the n σ values of the steps (without the ODE samplers' final 0).
     *
     * @return the schedule
     */
    public double[] schedule() {
        return schedule.clone();
    }

    /**
     * Returns the sampler.
     *
     * @return the sampler
     */
    public Sampler sampler() {
        return sampler;
    }

    /**
     * Returns the masker.
     *
     * @return the masks and the steps they hold for
     */
    public ActivationMasker masker() {
        return masker;
    }

    /**
     * Runs a generation.
     *
     * @param denoiser the network
     * @return the final images, frames and trajectory
     * @throws IllegalArgumentException if a mask, capture or class does not fit the network
     * @throws io.github.diffviews.data.UnknownLayerException if a layer name is unknown
     * @throws CancellationException if the cancellation token was cancelled
     */
    public Generation generate(Denoiser denoiser) {
        Objects.requireNonNull(denoiser, "denoiser");
        NetworkConfig config = denoiser.config();
        LayerCatalog layers = denoiser.layers();
        checkAgainst(config, layers);

        int[] shape = {batchSize, config.imgChannels(), config.imgResolution(),
            config.imgResolution()};
        long usedSeed = seed != null ? seed
                : noiseMode == NoiseMode.FIXED ? DEFAULT_FIXED_SEED : new SplittableRandom()
                        .nextLong();
        NoiseSource noise = noiseSource != null ? noiseSource
                : NoiseSource.of(noiseMode, usedSeed);
        int[] classes = new int[batchSize];
        Tensor labels = labels(config.labelDim(), usedSeed, classes);
        double[] walk = sampler.walk(schedule);
        LOG.debug("Generating {} image(s) with {} over σ {}, seed {}", batchSize, sampler,
                Arrays.toString(walk), usedSeed);

        double[] x = scaled(noise.initial(shape), walk[0]);
        List<GenerationStep> frames = new ArrayList<>();
        for (int i = 0; i < schedule.length; i++) {
            double sigma = walk[i];
            boolean masked = masker.appliesAt(i);
            DenoiseResult first = call(denoiser, shape, x, sigma, labels, masked, captures);
            double[] prediction = toDoubles(first.denoised());
            Tensor input = toTensor(x, shape);

            x = advance(denoiser, shape, i, walk, x, prediction, labels, masked, noise);

            float[][] rows = activationRows(first.activations());
            GenerationStep step = new GenerationStep(i, sigma, input, first.denoised(), rows,
                    project(rows));
            frames.add(step);
            notifyListeners(step);
        }
        return new Generation(toTensor(x, shape), frames, walk, classes, usedSeed);
    }

    private double[] advance(Denoiser denoiser, int[] shape, int i, double[] walk, double[] x,
            double[] prediction, Tensor labels, boolean masked, NoiseSource noise) {
        double sigma = walk[i];
        boolean last = i == schedule.length - 1;
        switch (sampler) {
            case X0_RENOISE: {
                if (last) {
                    return prediction;
                }
                double[] next = prediction.clone();
                Tensor epsilon = noise.step(i, shape);
                checkNoise(epsilon, shape);
                for (int j = 0; j < next.length; j++) {
                    next[j] += walk[i + 1] * epsilon.get(j);
                }
                return next;
            }
            case EULER:
            case HEUN: {
                double sigmaNext = walk[i + 1];
                double[] slope = new double[x.length];
                double[] next = new double[x.length];
                for (int j = 0; j < x.length; j++) {
                    slope[j] = (x[j] - prediction[j]) / sigma;
                    next[j] = x[j] + (sigmaNext - sigma) * slope[j];
                }
                if (sampler == Sampler.EULER || last) {
                    return next;
                }
                DenoiseResult corrected = call(denoiser, shape, next, sigmaNext, labels, masked,
                        List.of());
                for (int j = 0; j < x.length; j++) {
                    double slopeNext = (next[j] - corrected.denoised().get(j)) / sigmaNext;
                    next[j] = x[j] + (sigmaNext - sigma) * (0.5 * slope[j] + 0.5 * slopeNext);
                }
                return next;
            }
            default:
                throw new IllegalStateException("Unknown sampler " + sampler);
        }
    }

    private DenoiseResult call(Denoiser denoiser, int[] shape, double[] x, double sigma,
            Tensor labels, boolean masked, List<String> layers) {
        cancellation.throwIfCancelled("Generation");
        DenoiseRequest.Builder request = DenoiseRequest.builder(toTensor(x, shape)).sigma(sigma)
                .labels(labels).guidance(guidance).captures(layers);
        if (masked) {
            request.masks(masker.masks());
        }
        return denoiser.denoise(request.build());
    }

    private void checkAgainst(NetworkConfig config, LayerCatalog layers) {
        for (String capture : captures) {
            layers.resolve(capture);
        }
        if (!masker.isEmpty()) {
            DenoiseRequest probe = DenoiseRequest.builder(Tensor.zeros(batchSize,
                    config.imgChannels(), config.imgResolution(), config.imgResolution()))
                    .sigma(1.0).masks(masker.masks()).build();
            probe.validate(config, layers);
        }
        if (classLabels != null) {
            for (int classLabel : classLabels) {
                if (classLabel >= config.labelDim()) {
                    throw new IllegalArgumentException("Class " + classLabel + " is out of "
                            + "range; the network has " + config.labelDim() + " classes");
                }
            }
        }
        if (guidance != 1.0 && config.labelDim() == 0) {
            throw new IllegalArgumentException("Guidance scale " + guidance + " needs a "
                    + "class-conditional network, but label_dim is 0");
        }
    }

    private Tensor labels(int labelDim, long usedSeed, int[] classes) {
        if (labelDim == 0) {
            Arrays.fill(classes, -1);
            return null;
        }
        float[] values = new float[batchSize * labelDim];
        if (uniformLabel) {
            Arrays.fill(values, 1f / labelDim);
            Arrays.fill(classes, -1);
            return Tensor.wrap(values, batchSize, labelDim);
        }
        SplittableRandom random = new SplittableRandom(usedSeed ^ CLASS_STREAM);
        for (int item = 0; item < batchSize; item++) {
            classes[item] = classLabels == null ? random.nextInt(labelDim)
                    : classLabels[classLabels.length == 1 ? 0 : item];
            values[item * labelDim + classes[item]] = 1f;
        }
        return Tensor.wrap(values, batchSize, labelDim);
    }

    private float[][] activationRows(Map<String, Tensor> activations) {
        float[][] rows = new float[batchSize][];
        int width = 0;
        for (String layer : captures) {
            width += activations.get(layer).size() / batchSize;
        }
        for (int item = 0; item < batchSize; item++) {
            float[] row = new float[width];
            int offset = 0;
            for (String layer : captures) {
                Tensor activation = activations.get(layer);
                int size = activation.size() / batchSize;
                float[] values = activation.item(item).toFloatArray();
                System.arraycopy(values, 0, row, offset, size);
                offset += size;
            }
            rows[item] = row;
        }
        return rows;
    }

    private float[][] project(float[][] rows) {
        if (projector == null || captures.isEmpty()) {
            return null;
        }
        float[][] points = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            points[i] = projector.project(rows[i]);
        }
        return points;
    }

    private void notifyListeners(GenerationStep step) {
        for (StepListener listener : listeners) {
            try {
                listener.onStep(step);
            } catch (RuntimeException e) {
                LOG.warn("Step listener {} failed at step {}; generation goes on", listener,
                        step.index(), e);
            }
        }
    }

    private static void checkNoise(Tensor noise, int[] shape) {
        if (!Arrays.equals(noise.shape(), shape)) {
            throw new IllegalStateException("Noise source returned shape "
                    + Arrays.toString(noise.shape()) + ", expected " + Arrays.toString(shape));
        }
    }

    private static double[] scaled(Tensor noise, double sigma) {
        double[] x = new double[noise.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = noise.get(i) * sigma;
        }
        return x;
    }

    private static double[] toDoubles(Tensor tensor) {
        double[] values = new double[tensor.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.get(i);
        }
        return values;
    }

    private static Tensor toTensor(double[] values, int[] shape) {
        float[] floats = new float[values.length];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) values[i];
        }
        return Tensor.wrap(floats, shape);
    }

    /**
     * Builds a {@link MultistepGenerator}. Setters check their own value; {@link #build()}
     * checks the combination.
     */
    public static final class Builder {

        private int steps = 5;
        private double sigmaMax = NoiseLevels.SIGMA_MAX;
        private double sigmaMin = NoiseLevels.SIGMA_MIN;
        private double rho = 7.0;
        private double[] explicitSchedule;
        private double guidance = 1.0;
        private int[] classLabels;
        private boolean uniformLabel;
        private int batchSize = 1;
        private Long seed;
        private NoiseMode noiseMode = NoiseMode.STOCHASTIC;
        private NoiseSource noiseSource;
        private Sampler sampler = Sampler.X0_RENOISE;
        private ActivationMasker masker = ActivationMasker.none();
        private Integer maskSteps;
        private final List<String> captures = new ArrayList<>();
        private CancellationToken cancellation = CancellationToken.NONE;
        private TrajectoryProjector projector;
        private final List<StepListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the number of steps.
         *
         * @param value n ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if n &lt; 1
         */
        public Builder steps(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("steps = " + value + ", expected at least 1");
            }
            this.steps = value;
            return this;
        }

        /**
         * Sets the noise range as native σ.
         *
         * @param max σ of the first step
         * @param min σ of the last step, 0 &lt; min &lt; max
         * @return this builder
         * @throws IllegalArgumentException if a value is NaN, infinite, min ≤ 0 or min ≥ max
         */
        public Builder sigmaRange(double max, double min) {
            if (!(min > 0) || !(min < max) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("σ range " + max + " → " + min
                        + " is invalid; expected 0 < σ_min < σ_max < ∞");
            }
            this.sigmaMax = max;
            this.sigmaMin = min;
            return this;
        }

        /**
         * Sets the noise range as noise levels (0-100), converted with {@link NoiseLevels}.
         *
         * @param max noise level of the first step
         * @param min noise level of the last step, 0 ≤ min &lt; max ≤ 100
         * @return this builder
         * @throws IllegalArgumentException if a level is NaN, outside [0, 100] or min ≥ max
         */
        public Builder noiseLevelRange(double max, double min) {
            if (!(min >= 0) || !(max <= 100) || !(min < max)) {
                throw new IllegalArgumentException("Noise level range " + max + " → " + min
                        + " is invalid; expected 0 ≤ min < max ≤ 100");
            }
            return sigmaRange(NoiseLevels.toSigma(max), NoiseLevels.toSigma(min));
        }

        /**
         * Sets ρ of the Karras schedule.
         *
         * @param value ρ &gt; 0, 7 by default
         * @return this builder
         * @throws IllegalArgumentException if ρ is not a finite positive number
         */
        public Builder rho(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("ρ = " + value
                        + ", expected a finite value > 0");
            }
            this.rho = value;
            return this;
        }

        /**
         * Sets the σ of each step directly, instead of steps, range and ρ.
         *
         * @param sigmas strictly descending, finite, &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if the values are empty, not descending or not
         *     positive
         */
        public Builder schedule(double... sigmas) {
            if (sigmas.length == 0) {
                throw new IllegalArgumentException("Schedule is empty, expected at least one σ");
            }
            for (int i = 0; i < sigmas.length; i++) {
                if (!(sigmas[i] > 0) || Double.isInfinite(sigmas[i])
                        || (i > 0 && !(sigmas[i] < sigmas[i - 1]))) {
                    throw new IllegalArgumentException("Schedule " + Arrays.toString(sigmas)
                            + " is invalid at index " + i + "; expected strictly descending "
                            + "finite values > 0");
                }
            }
            this.explicitSchedule = sigmas.clone();
            return this;
        }

        /**
         * Sets the classifier-free guidance scale.
         *
         * @param value g, finite; 1 runs one pass per call
         * @return this builder
         * @throws IllegalArgumentException if g is NaN or infinite
         */
        public Builder guidance(double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Guidance scale = " + value
                        + ", expected a finite number");
            }
            this.guidance = value;
            return this;
        }

        /**
         * Generates every image of the batch as one class (one-hot label).
         *
         * @param value the class index, ≥ 0 (class 0 is a class, not "random")
         * @return this builder
         * @throws IllegalArgumentException if the index is negative
         */
        public Builder classLabel(int value) {
            return classLabels(value);
        }

        /**
         * Generates each image of the batch as its own class (one-hot labels).
         *
         * @param values one class index per image (or one for all), each ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if there are no values or one is negative
         */
        public Builder classLabels(int... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("No class given; use randomClass() or "
                        + "noClass()");
            }
            for (int value : values) {
                if (value < 0) {
                    throw new IllegalArgumentException("Class " + value
                            + " is negative; use noClass() for the uniform label");
                }
            }
            this.classLabels = values.clone();
            this.uniformLabel = false;
            return this;
        }

        /**
         * Draws a random class for each image from the seed (the default).
         *
         * @return this builder
         */
        public Builder randomClass() {
            this.classLabels = null;
            this.uniformLabel = false;
            return this;
        }

        /**
         * Uses the uniform label {@code 1/label_dim} for every image (no class).
         *
         * @return this builder
         */
        public Builder noClass() {
            this.classLabels = null;
            this.uniformLabel = true;
            return this;
        }

        /**
         * Sets the number of images generated together.
         *
         * @param value B ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if B &lt; 1
         */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("Batch size = " + value
                        + ", expected at least 1");
            }
            this.batchSize = value;
            return this;
        }

        /**
         * Sets the seed of the noise and the random classes.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets the noise mode.
         *
         * @param value the mode
         * @return this builder
         */
        public Builder noiseMode(NoiseMode value) {
            this.noiseMode = Objects.requireNonNull(value, "noiseMode");
            return this;
        }

        /**
         * Uses a given noise source (for example chosen latents) instead of the noise mode's.
         *
         * @param value the source, used by one generation at a time
         * @return this builder
         */
        public Builder noiseSource(NoiseSource value) {
            this.noiseSource = Objects.requireNonNull(value, "noiseSource");
            return this;
        }

        /**
         * Sets the sampler.
         *
         * @param value the sampler
         * @return this builder
         */
        public Builder sampler(Sampler value) {
            this.sampler = Objects.requireNonNull(value, "sampler");
            return this;
        }

        /**
         * Sets the masks and the number of steps they hold for.
         *
         * @param value the masker
         * @return this builder
         */
        public Builder masker(ActivationMasker value) {
            this.masker = Objects.requireNonNull(value, "masker");
            return this;
        }

        /**
         * Overrides the number of leading steps the masker's masks hold for.
         *
         * @param value 0 (none) up to the number of steps
         * @return this builder
         * @throws IllegalArgumentException if the value is negative
         */
        public Builder maskSteps(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("Mask steps = " + value
                        + ", expected 0 or more");
            }
            this.maskSteps = value;
            return this;
        }

        /**
         * Adds layers whose activations are recorded at every step.
         *
         * @param layers layer names (upstream keys or the Python tool's names)
         * @return this builder
         */
        public Builder capture(String... layers) {
            return captures(Arrays.asList(layers));
        }

        /**
         * Adds layers whose activations are recorded at every step.
         *
         * @param layers layer names
         * @return this builder
         */
        public Builder captures(Collection<String> layers) {
            for (String layer : layers) {
                captures.add(Objects.requireNonNull(layer, "layer"));
            }
            return this;
        }

        /**
         * Sets the token that cancels a generation between network calls.
         *
         * @param value the token
         * @return this builder
         */
        public Builder cancellation(CancellationToken value) {
            this.cancellation = Objects.requireNonNull(value, "cancellation");
            return this;
        }

        /**
         * Sets the projection of each step's activation rows onto the map.
         *
         * @param value the projector
         * @return this builder
         */
        public Builder projector(TrajectoryProjector value) {
            this.projector = Objects.requireNonNull(value, "projector");
            return this;
        }

        /**
         * Adds a listener told of every step.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(StepListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Checks the combination and builds the generator.
         *
         * @return the generator
         * @throws IllegalArgumentException if the mask steps exceed the steps, or a projector
         *     is set without capture layers
         */
        public MultistepGenerator build() {
            double[] sigmas = explicitSchedule != null ? explicitSchedule
                    : Schedules.karras(steps, sigmaMax, sigmaMin, rho);
            ActivationMasker effective = maskSteps == null ? masker
                    : masker.withSteps(maskSteps);
            if (effective.steps() > sigmas.length) {
                throw new IllegalArgumentException("Mask steps = " + effective.steps()
                        + " exceeds the " + sigmas.length + " steps of the generation");
            }
            if (classLabels != null && classLabels.length != 1
                    && classLabels.length != batchSize) {
                throw new IllegalArgumentException(classLabels.length + " classes were given "
                        + "for a batch of " + batchSize + "; give one per image or one for all");
            }
            if (projector != null && captures.isEmpty()) {
                throw new IllegalArgumentException("A trajectory projector needs capture "
                        + "layers to project");
            }
            return new MultistepGenerator(this, sigmas, effective);
        }
    }
}
