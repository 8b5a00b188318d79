package io.github.diffviews.training;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How a model is trained: steps and batch size, Adam's learning rate with a linear warm-up, the
 * exponential moving average (EMA) of the weights, EDM's loss parameters, the seed, and where and
 * how often checkpoints are written. Immutable; build it with {@link #builder(Path)}.
 *
 * <p>Adam runs with β₁ = 0.9, β₂ = 0.999 and ε = 1e-8, as EDM's training. The EMA is either a
 * fixed decay per step or, as in EDM, a half-life counted in images: after {@code n} images the
 * decay of a step of {@code B} images is {@code 0.5^(B / h)} with
 * {@code h = min(halfLife, rampUp · n)} (no ramp-up when the ratio is 0), so that early,
 * poor weights are forgotten quickly.
 */
public final class TrainingOptions {

    /** Adam's β₁. */
    public static final double ADAM_BETA1 = 0.9;

    /** Adam's β₂. */
    public static final double ADAM_BETA2 = 0.999;

    /** Adam's ε. */
    public static final double ADAM_EPSILON = 1e-8;

    private final int steps;
    private final int batchSize;
    private final double learningRate;
    private final int warmupSteps;
    private final double emaDecay;
    private final double emaHalfLifeImages;
    private final double emaRampUpRatio;
    private final double pMean;
    private final double pStd;
    private final double sigmaData;
    private final long seed;
    private final int checkpointInterval;
    private final Path directory;
    private final int threads;
    private final boolean resume;

    private TrainingOptions(Builder builder) {
        this.steps = builder.steps;
        this.batchSize = builder.batchSize;
        this.learningRate = builder.learningRate;
        this.warmupSteps = builder.warmupSteps;
        this.emaDecay = builder.emaDecay;
        this.emaHalfLifeImages = builder.emaHalfLifeImages;
        this.emaRampUpRatio = builder.emaRampUpRatio;
        this.pMean = builder.pMean;
        this.pStd = builder.pStd;
        this.sigmaData = builder.sigmaData;
        this.seed = builder.seed;
        this.checkpointInterval = builder.checkpointInterval;
        this.directory = builder.directory;
        this.threads = builder.threads;
        this.resume = builder.resume;
    }

    /**
     * Starts options that write checkpoints and the EMA weights into a directory.
     *
     * @param directory the output directory; created if missing
     * @return a builder with EDM's defaults
     */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * Returns the number of optimizer steps to reach (counted from the start of training, so a
     * resumed run stops at the same step).
     *
     * @return the step count
     */
    public int steps() {
        return steps;
    }

    /**
     * Returns the number of images per step.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns Adam's learning rate after the warm-up.
     *
     * @return the learning rate
     */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Returns the number of steps over which the learning rate rises linearly from 0.
     *
     * @return the warm-up steps, 0 for none
     */
    public int warmupSteps() {
        return warmupSteps;
    }

    /**
     * Returns the learning rate of a step (0-based): {@code lr · min((step + 1) / warmup, 1)}.
     *
     * @param step the step about to be taken
     * @return the learning rate for it
     */
    public double learningRateAt(long step) {
        if (warmupSteps == 0) {
            return learningRate;
        }
        return learningRate * Math.min((step + 1.0) / warmupSteps, 1.0);
    }

    /**
     * Returns the EMA decay of a step.
     *
     * @param imagesSeen images trained on before this step
     * @return the weight the old average keeps, in [0, 1)
     */
    public double emaDecayAt(long imagesSeen) {
        if (emaDecay >= 0) {
            return emaDecay;
        }
        double halfLife = emaHalfLifeImages;
        if (emaRampUpRatio > 0) {
            halfLife = Math.min(halfLife, emaRampUpRatio * (imagesSeen + batchSize));
        }
        return Math.pow(0.5, batchSize / Math.max(halfLife, 1e-8));
    }

    /**
     * Returns the fixed EMA decay per step, if one was set.
     *
     * @return the decay, or −1 when the EMA uses a half-life
     */
    public double emaDecay() {
        return emaDecay;
    }

    /**
     * Returns the EMA half-life in images (used when no fixed decay is set).
     *
     * @return the half-life
     */
    public double emaHalfLifeImages() {
        return emaHalfLifeImages;
    }

    /**
     * Returns the EMA ramp-up ratio (used when no fixed decay is set).
     *
     * @return the ratio, 0 for no ramp-up
     */
    public double emaRampUpRatio() {
        return emaRampUpRatio;
    }

    /**
     * Returns the mean of {@code ln σ} during training, EDM's {@code P_mean}.
     *
     * @return {@code P_mean}
     */
    public double pMean() {
        return pMean;
    }

    /**
     * Returns the standard deviation of {@code ln σ} during training, EDM's {@code P_std}.
     *
     * @return {@code P_std}
     */
    public double pStd() {
        return pStd;
    }

    /**
     * Returns σ_data of the loss weighting; it must equal the network's.
     *
     * @return σ_data
     */
    public double sigmaData() {
        return sigmaData;
    }

    /**
     * Returns the seed of the initial weights, the order of the images and the noise.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns how many steps pass between checkpoints.
     *
     * @return the interval in steps
     */
    public int checkpointInterval() {
        return checkpointInterval;
    }

    /**
     * Returns the output directory: checkpoint, EMA weights, training log.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the number of intra-op threads of the engine.
     *
     * @return the count, 0 for the engine's default
     */
    public int threads() {
        return threads;
    }

    /**
     * Tells whether training continues from the checkpoint in the directory, if there is one.
     * Without it, a directory that already holds a checkpoint is refused.
     *
     * @return true to resume
     */
    public boolean resume() {
        return resume;
    }

    /**
     * Returns a copy with another step count, to extend or shorten a run.
     *
     * @param newSteps the step count, at least 1
     * @return the new options
     */
    public TrainingOptions withSteps(int newSteps) {
        return toBuilder().steps(newSteps).build();
    }

    /**
     * Returns a copy that resumes, or does not.
     *
     * @param newResume whether to resume from the checkpoint
     * @return the new options
     */
    public TrainingOptions withResume(boolean newResume) {
        return toBuilder().resume(newResume).build();
    }

    private Builder toBuilder() {
        Builder builder = new Builder(directory);
        builder.steps = steps;
        builder.batchSize = batchSize;
        builder.learningRate = learningRate;
        builder.warmupSteps = warmupSteps;
        builder.emaDecay = emaDecay;
        builder.emaHalfLifeImages = emaHalfLifeImages;
        builder.emaRampUpRatio = emaRampUpRatio;
        builder.pMean = pMean;
        builder.pStd = pStd;
        builder.sigmaData = sigmaData;
        builder.seed = seed;
        builder.checkpointInterval = checkpointInterval;
        builder.threads = threads;
        builder.resume = resume;
        return builder;
    }

    @Override
    public String toString() {
        String ema = emaDecay >= 0 ? "decay " + emaDecay
                : String.format(Locale.ROOT, "half-life %.0f images, ramp-up %s",
                        emaHalfLifeImages, emaRampUpRatio);
        return String.format(Locale.ROOT, "TrainingOptions[steps=%d, batch=%d, lr=%s, "
                + "warmup=%d, ema=%s, P_mean=%s, P_std=%s, sigma_data=%s, seed=%d, "
                + "checkpoint every %d in %s, threads=%d, resume=%s]", steps, batchSize,
                learningRate, warmupSteps, ema, pMean, pStd, sigmaData, seed,
                checkpointInterval, directory, threads, resume);
    }

    /**
     * Builds {@link TrainingOptions}. Each setter checks its value; the EMA is set once, either
     * as a decay or as a half-life.
     */
    public static final class Builder {

        private int steps = 1000;
        private int batchSize = 64;
        private double learningRate = 1e-3;
        private int warmupSteps;
        private double emaDecay = -1;
        private double emaHalfLifeImages = 500_000;
        private double emaRampUpRatio = 0.05;
        private boolean emaSet;
        private double pMean = -1.2;
        private double pStd = 1.2;
        private double sigmaData = 0.5;
        private long seed;
        private int checkpointInterval = 500;
        private final Path directory;
        private int threads;
        private boolean resume;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * Sets the number of steps (default 1000).
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if the value is below 1
         */
        public Builder steps(int value) {
            steps = atLeast("steps", value, 1);
            return this;
        }

        /**
         * Sets the batch size (default 64).
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if the value is below 1
         */
        public Builder batchSize(int value) {
            batchSize = atLeast("batch size", value, 1);
            return this;
        }

        /**
         * Sets the learning rate (default 1e-3).
         *
         * @param value a finite value above 0
         * @return this builder
         * @throws IllegalArgumentException if the value is not positive and finite
         */
        public Builder learningRate(double value) {
            learningRate = positive("learning rate", value);
            return this;
        }

        /**
         * Sets the warm-up in steps (default 0), over which the learning rate rises linearly.
         *
         * @param value 0 or more
         * @return this builder
         * @throws IllegalArgumentException if the value is negative
         */
        public Builder warmupSteps(int value) {
            warmupSteps = atLeast("warm-up steps", value, 0);
            return this;
        }

        /**
         * Sets a fixed EMA decay per step, instead of the default half-life of 500,000 images
         * with ramp-up ratio 0.05.
         *
         * @param value in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if the value is outside [0, 1)
         * @throws IllegalStateException if the EMA was already set
         */
        public Builder emaDecay(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("EMA decay " + value
                        + " is outside [0, 1)");
            }
            markEma();
            emaDecay = value;
            return this;
        }

        /**
         * Sets the EMA by a half-life in images and a ramp-up ratio (default 500,000 and 0.05).
         *
         * @param halfLifeImages the half-life, above 0
         * @param rampUpRatio the ratio of images seen that caps the half-life, 0 for none
         * @return this builder
         * @throws IllegalArgumentException if the half-life is not positive or the ratio is
         *     negative
         * @throws IllegalStateException if the EMA was already set
         */
        public Builder emaHalfLife(double halfLifeImages, double rampUpRatio) {
            positive("EMA half-life", halfLifeImages);
            if (!(rampUpRatio >= 0) || Double.isInfinite(rampUpRatio)) {
                throw new IllegalArgumentException("EMA ramp-up ratio " + rampUpRatio
                        + " must be 0 or more");
            }
            markEma();
            emaHalfLifeImages = halfLifeImages;
            emaRampUpRatio = rampUpRatio;
            return this;
        }

        private void markEma() {
            if (emaSet) {
                throw new IllegalStateException("The EMA was already set; set either a decay "
                        + "or a half-life, once");
            }
            emaSet = true;
        }

        /**
         * Sets EDM's σ distribution during training, {@code ln σ ~ N(P_mean, P_std²)}
         * (default −1.2, 1.2).
         *
         * @param mean {@code P_mean}, finite
         * @param std {@code P_std}, above 0
         * @return this builder
         * @throws IllegalArgumentException if a value is out of range
         */
        public Builder sigmaDistribution(double mean, double std) {
            if (!Double.isFinite(mean)) {
                throw new IllegalArgumentException("P_mean " + mean + " is not finite");
            }
            pMean = mean;
            pStd = positive("P_std", std);
            return this;
        }

        /**
         * Sets σ_data of the loss weighting (default 0.5); it must equal the network's.
         *
         * @param value above 0
         * @return this builder
         * @throws IllegalArgumentException if the value is not positive
         */
        public Builder sigmaData(double value) {
            sigmaData = positive("sigma_data", value);
            return this;
        }

        /**
         * Sets the seed (default 0).
         *
         * @param value any value
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * Sets the number of steps between checkpoints (default 500).
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if the value is below 1
         */
        public Builder checkpointInterval(int value) {
            checkpointInterval = atLeast("checkpoint interval", value, 1);
            return this;
        }

        /**
         * Sets the engine's intra-op threads (default 0, the engine's choice).
         *
         * @param value 0 or more
         * @return this builder
         * @throws IllegalArgumentException if the value is negative
         */
        public Builder threads(int value) {
            threads = atLeast("threads", value, 0);
            return this;
        }

        /**
         * Sets whether to continue from the directory's checkpoint (default false).
         *
         * @param value true to resume
         * @return this builder
         */
        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        /**
         * Builds the options. A warm-up longer than the training is allowed: the learning rate
         * then stays below its peak.
         *
         * @return the options
         */
        public TrainingOptions build() {
            return new TrainingOptions(this);
        }

        private static int atLeast(String name, int value, int minimum) {
            if (value < minimum) {
                throw new IllegalArgumentException("The " + name + " must be at least "
                        + minimum + ", found " + value);
            }
            return value;
        }

        private static double positive(String name, double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("The " + name + " must be a finite value "
                        + "above 0, found " + value);
            }
            return value;
        }
    }
}
