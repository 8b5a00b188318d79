package io.github.diffviews.extraction;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.data.ClassLabels;
import io.github.diffviews.data.DataDirectoryWriter;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.generation.GaussianNoise;
import io.github.diffviews.generation.NoiseLevels;
import io.github.diffviews.io.DType;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a data directory from images: for every image and noise level it runs the network once
 * on the noised image, records the chosen layers' activations, and writes the layout that
 * {@link io.github.diffviews.Visualizer} opens (config, CSV with {@code noise_level} and
 * {@code conditioning_sigma}, activations and sidecar, images, dataset metadata, class labels).
 *
 * <p>At noise level n the network sees {@code x = image + σ·ε} with σ from
 * {@link NoiseLevels#toSigma(double)} and ε drawn from a generator seeded by the builder's seed,
 * the image index and the level, so the same inputs give the same directory whatever the batch
 * size. {@link InputMode#SCALED} reproduces the Python tool's {@code x = image·σ} instead. The
 * network is conditioned on the image's class (one-hot), or unconditioned for unlabeled images.
 *
 * <p>Everything is written into a staging directory that moves into place only when complete;
 * a failure (an unwritable directory, a full disk) or a cancellation leaves nothing behind.
 */
public final class DataDirectoryBuilder {

    /** The noise levels used when none are given. */
    public static final List<Double> DEFAULT_NOISE_LEVELS = List.of(100.0, 82.0, 54.0, 35.0);

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryBuilder.class);

    private final Denoiser denoiser;
    private final List<String> layers;
    private final List<Double> noiseLevels;
    private final InputMode inputMode;
    private final long seed;
    private final int batchSize;
    private final int limit;
    private final DType dtype;
    private final ModelConfig baseConfig;
    private final Map<Integer, String> classNames;
    private final MapFitter mapFitter;
    private final ProgressListener progress;
    private final CancellationToken cancellation;

    private DataDirectoryBuilder(Builder builder) {
        this.denoiser = builder.denoiser;
        this.layers = List.copyOf(builder.layers);
        this.noiseLevels = List.copyOf(builder.noiseLevels);
        this.inputMode = builder.inputMode;
        this.seed = builder.seed;
        this.batchSize = builder.batchSize;
        this.limit = builder.limit;
        this.dtype = builder.dtype;
        this.baseConfig = builder.baseConfig;
        this.classNames = Map.copyOf(builder.classNames);
        this.mapFitter = builder.mapFitter;
        this.progress = builder.progress;
        this.cancellation = builder.cancellation;
    }

    /**
     * Starts configuring a builder.
     *
     * @param denoiser the network that records the activations
     * @return the builder
     */
    public static Builder builder(Denoiser denoiser) {
        return new Builder(denoiser);
    }

    /**
     * Builds the data directory.
     *
     * @param images the images, in order
     * @param modelDirectory the model directory to create; it must not exist
     * @return the model directory written
     * @throws IOException if reading an image or writing fails; nothing is left behind then
     * @throws java.util.concurrent.CancellationException if cancelled; nothing is left behind
     */
    public Path build(ImageSource images, Path modelDirectory) throws IOException {
        NetworkConfig network = denoiser.config();
        LayerCatalog catalog = denoiser.layers();
        Map<String, Integer> sizes = new TreeMap<>();
        for (String layer : layers) {
            sizes.put(layer, catalog.resolve(layer).size());
        }
        ActivationLayout layout = ActivationLayout.sorted(sizes);
        int count = limit > 0 ? Math.min(limit, images.size()) : images.size();
        long total = (long) count * noiseLevels.size();
        LOG.info("Recording {} layers of {} images at {} noise levels ({} forward passes) into {}",
                layout.layers().size(), count, noiseLevels.size(), total, modelDirectory);

        Map<Integer, String> names = new TreeMap<>(images.classNames());
        names.putAll(classNames);
        try (DataDirectoryWriter writer = DataDirectoryWriter.create(modelDirectory,
                config(network), layout, dtype)) {
            if (!names.isEmpty()) {
                writer.classLabels(ClassLabels.of(names, images.description()));
            }
            writer.datasetInfo(datasetInfo(images, count));

            List<Pending> batch = new ArrayList<>(batchSize);
            long done = 0;
            for (int index = 0; index < count; index++) {
                cancellation.throwIfCancelled("Building " + modelDirectory.getFileName());
                LabeledImage image = images.get(index);
                checkImage(image, network, index, images);
                String imagePath = writer.addImage(ImageTensors.toImage(image.image()));
                for (int level = 0; level < noiseLevels.size(); level++) {
                    batch.add(new Pending(index, level, image, imagePath));
                    if (batch.size() == batchSize) {
                        done += flush(batch, writer, layout, names);
                        report(done, total);
                    }
                }
            }
            done += flush(batch, writer, layout, names);
            report(done, total);

            FloatMatrix activations = writer.finishActivations();
            if (mapFitter != null) {
                cancellation.throwIfCancelled("Building " + modelDirectory.getFileName());
                mapFitter.fit(activations, layout, writer);
            }
            return writer.commit();
        }
    }

    private ModelConfig config(NetworkConfig network) {
        ObjectNode json = baseConfig.json();
        json.set("network", network.toJson());
        json.put("dataset_type", baseConfig.datasetType());
        json.put("conditioning_type", "class");
        double max = noiseLevels.stream().mapToDouble(Double::doubleValue).max().orElse(100);
        double min = noiseLevels.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        json.putArray("noise_levels").addAll(noiseLevels.stream()
                .map(level -> JsonNodeFactory.instance.numberNode(level)).toList());
        json.put("extraction_input", inputMode.name().toLowerCase(Locale.ROOT));
        json.put("extraction_noise_max", max);
        json.put("extraction_noise_min", min);
        return ModelConfig.of(json);
    }

    private ObjectNode datasetInfo(ImageSource images, int count) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("source", images.description());
        info.put("num_images", count);
        info.put("seed", seed);
        info.put("input", inputMode == InputMode.NOISED ? "image + sigma * noise"
                : "image * sigma");
        info.putArray("noise_levels").addAll(noiseLevels.stream()
                .map(level -> JsonNodeFactory.instance.numberNode(level)).toList());
        return info;
    }

    private void checkImage(LabeledImage image, NetworkConfig network, int index,
            ImageSource images) {
        int[] expected = {network.imgChannels(), network.imgResolution(),
            network.imgResolution()};
        if (!Arrays.equals(image.image().shape(), expected)) {
            throw new IllegalArgumentException("Image " + index + " of " + images.description()
                    + " has shape " + Arrays.toString(image.image().shape()) + ", the network "
                    + "expects " + Arrays.toString(expected));
        }
        if (image.classId() >= network.labelDim()) {
            throw new IllegalArgumentException("Image " + index + " of " + images.description()
                    + " has class " + image.classId() + ", the network knows classes 0-"
                    + (network.labelDim() - 1));
        }
    }

    private int flush(List<Pending> batch, DataDirectoryWriter writer, ActivationLayout layout,
            Map<Integer, String> names) throws IOException {
        if (batch.isEmpty()) {
            return 0;
        }
        NetworkConfig network = denoiser.config();
        int itemSize = network.imgChannels() * network.imgResolution() * network.imgResolution();
        float[] inputs = new float[batch.size() * itemSize];
        double[] sigmas = new double[batch.size()];
        float[] labels = new float[batch.size() * network.labelDim()];
        for (int item = 0; item < batch.size(); item++) {
            Pending pending = batch.get(item);
            double sigma = NoiseLevels.toSigma(noiseLevels.get(pending.level));
            sigmas[item] = sigma;
            float[] clean = pending.image.image().toFloatArray();
            float[] noise = inputMode == InputMode.NOISED
                    ? GaussianNoise.seeded(noiseSeed(pending.index, pending.level))
                            .next(itemSize) : null;
            for (int j = 0; j < itemSize; j++) {
                inputs[item * itemSize + j] = inputMode == InputMode.NOISED
                        ? (float) (clean[j] + sigma * noise[j]) : (float) (clean[j] * sigma);
            }
            if (pending.image.classId() >= 0) {
                labels[item * network.labelDim() + pending.image.classId()] = 1f;
            }
        }

        DenoiseRequest request = DenoiseRequest.builder(Tensor.wrap(inputs, batch.size(),
                network.imgChannels(), network.imgResolution(), network.imgResolution()))
                .sigmas(sigmas)
                .labels(Tensor.wrap(labels, batch.size(), network.labelDim()))
                .captures(layout.layers())
                .build();
        DenoiseResult result = denoiser.denoise(request);

        float[] row = new float[layout.width()];
        for (int item = 0; item < batch.size(); item++) {
            for (ActivationLayout.Slice slice : layout.slices()) {
                Tensor captured = result.activation(slice.layer());
                System.arraycopy(captured.toFloatArray(), item * slice.size(), row,
                        slice.offset(), slice.size());
            }
            Pending pending = batch.get(item);
            writer.addSample(metadata(pending, sigmas[item], names), row, null);
        }
        int written = batch.size();
        batch.clear();
        return written;
    }

    private Map<String, Object> metadata(Pending pending, double sigma,
            Map<Integer, String> names) {
        double level = noiseLevels.get(pending.level);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sample_id", String.format(Locale.ROOT, "sample_%06d_n%d", pending.index,
                Math.round(level)));
        int classId = pending.image.classId();
        metadata.put("class_label", classId < 0 ? null : classId);
        metadata.put("class_name", classId < 0 ? null
                : names.getOrDefault(classId, "class " + classId));
        metadata.put("image_path", pending.imagePath);
        metadata.put("noise_level", level);
        metadata.put("conditioning_sigma", sigma);
        metadata.put("original_path", pending.image.source());
        return metadata;
    }

    private long noiseSeed(int index, int level) {
        long mixed = seed * 0x9E3779B97F4A7C15L + index;
        mixed = (mixed ^ (mixed >>> 31)) * 0xBF58476D1CE4E5B9L + level;
        return mixed ^ (mixed >>> 29);
    }

    private void report(long done, long total) {
        try {
            progress.progress("record activations", done, total);
        } catch (RuntimeException e) {
            LOG.warn("A progress listener failed: {}", e.toString());
        }
    }

    /** One (image, noise level) pair waiting for its forward pass. */
    private record Pending(int index, int level, LabeledImage image, String imagePath) {
    }

    /**
     * Fits the map of a directory being built, before it is committed: it reads the activation
     * rows, and writes the coordinates (and any model of its own) through the writer.
     */
    @FunctionalInterface
    public interface MapFitter {

        /**
         * Fits the map.
         *
         * @param activations the recorded rows
         * @param layout their layers
         * @param writer the writer of the directory, for
         *     {@link DataDirectoryWriter#embeddings} and {@link DataDirectoryWriter#stagingPath}
         * @throws IOException if writing fails
         */
        void fit(FloatMatrix activations, ActivationLayout layout, DataDirectoryWriter writer)
                throws IOException;
    }

    /** Options of a {@link DataDirectoryBuilder}. */
    public static final class Builder {

        private final Denoiser denoiser;
        private List<String> layers = List.of("encoder_bottleneck", "midblock");
        private List<Double> noiseLevels = DEFAULT_NOISE_LEVELS;
        private InputMode inputMode = InputMode.NOISED;
        private long seed;
        private int batchSize = 16;
        private int limit;
        private DType dtype = DType.FLOAT32;
        private ModelConfig baseConfig = ModelConfig.builder().build();
        private Map<Integer, String> classNames = Map.of();
        private MapFitter mapFitter;
        private ProgressListener progress = ProgressListener.NONE;
        private CancellationToken cancellation = CancellationToken.NONE;

        private Builder(Denoiser denoiser) {
            this.denoiser = Objects.requireNonNull(denoiser, "denoiser");
        }

        /**
         * Sets the layers to record, by either naming scheme.
         *
         * @param names the layers, at least one; unknown names are rejected
         * @return this builder
         */
        public Builder layers(List<String> names) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("Record at least one layer");
            }
            for (String name : names) {
                denoiser.layers().resolve(name);
            }
            this.layers = List.copyOf(names);
            return this;
        }

        /**
         * Sets the noise levels (0-100) at which each image is recorded.
         *
         * @param levels the levels, at least one, each in [0, 100]
         * @return this builder
         */
        public Builder noiseLevels(List<Double> levels) {
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("Give at least one noise level");
            }
            for (double level : levels) {
                if (!(level >= 0 && level <= 100)) {
                    throw new IllegalArgumentException("Noise level " + level
                            + " is outside 0-100");
                }
            }
            if (levels.stream().distinct().count() != levels.size()) {
                throw new IllegalArgumentException("Noise levels repeat: " + levels);
            }
            this.noiseLevels = List.copyOf(levels);
            return this;
        }

        /**
         * Chooses how an image becomes the network input.
         *
         * @param mode {@link InputMode#NOISED} (the default) or {@link InputMode#SCALED}
         * @return this builder
         */
        public Builder inputMode(InputMode mode) {
            this.inputMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the seed of the noise.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets how many (image, level) pairs go through the network at once.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("Batch size " + size + " must be at least 1");
            }
            this.batchSize = size;
            return this;
        }

        /**
         * Records only the first images.
         *
         * @param count how many images, 0 for all
         * @return this builder
         */
        public Builder limit(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("Limit " + count + " is negative");
            }
            this.limit = count;
            return this;
        }

        /**
         * Sets the element type of the activation file.
         *
         * @param type float32 (the default) or float16 (half the size)
         * @return this builder
         */
        public Builder activationType(DType type) {
            if (type != DType.FLOAT32 && type != DType.FLOAT16) {
                throw new IllegalArgumentException("Activations are float32 or float16, not "
                        + type);
            }
            this.dtype = type;
            return this;
        }

        /**
         * Sets the model configuration to start from (adapter, weights path, generation
         * defaults); the network section and extraction settings are added to it.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(ModelConfig config) {
            this.baseConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Sets class names, overriding the names the image source knows.
         *
         * @param names names by class id
         * @return this builder
         */
        public Builder classNames(Map<Integer, String> names) {
            this.classNames = Map.copyOf(names);
            return this;
        }

        /**
         * Sets how the map is fitted once the activations are recorded.
         *
         * @param fitter the fitter, or null to write no map
         * @return this builder
         */
        public Builder map(MapFitter fitter) {
            this.mapFitter = fitter;
            return this;
        }

        /**
         * Sets the progress listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the cancellation token.
         *
         * @param token the token
         * @return this builder
         */
        public Builder cancellation(CancellationToken token) {
            this.cancellation = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Returns the configured builder.
         *
         * @return the data directory builder
         */
        public DataDirectoryBuilder build() {
            return new DataDirectoryBuilder(this);
        }
    }
}
