package io.github.diffviews.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The architecture of an EDM-preconditioned ADM U-Net ("DhariwalUNet"): every hyper-parameter
 * an engine needs to build the network, and nothing about its weights.
 *
 * <p>The JSON form uses the upstream constructor names, split as upstream splits them:
 * {@code precond_kwargs} holds the arguments of {@code EDMPrecond} ({@code img_resolution},
 * {@code img_channels}, {@code label_dim}, {@code use_fp16}, {@code sigma_min}, {@code sigma_max},
 * {@code sigma_data}, {@code model_type}) and {@code model_kwargs} those of {@code DhariwalUNet}
 * ({@code model_channels}, {@code channel_mult}, {@code channel_mult_emb}, {@code num_blocks},
 * {@code attn_resolutions}, {@code dropout}, {@code label_dropout}, {@code augment_dim}, and this
 * library's {@code channels_per_head}, fixed to 64 upstream). A missing key takes the upstream
 * default; {@code sigma_max} may be the string {@code "inf"}. The two objects may sit at the top
 * level (a golden {@code config.json} is read as it is) or inside a {@code network} object (a
 * model's {@code config.json}).
 *
 * <p>Only what the engine can build is accepted: {@code model_type} must be
 * {@code DhariwalUNet}, {@code augment_dim} must be 0, and every channel count must be divisible
 * by its GroupNorm group count {@code min(32, C/4)}. Instances are immutable.
 */
public final class NetworkConfig {

    /** The only network type the engine builds. */
    public static final String DHARIWAL_UNET = "DhariwalUNet";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> PRECOND_KEYS = Set.of("img_resolution", "img_channels",
            "label_dim", "use_fp16", "sigma_min", "sigma_max", "sigma_data", "model_type");
    private static final Set<String> MODEL_KEYS = Set.of("model_channels", "channel_mult",
            "channel_mult_emb", "num_blocks", "attn_resolutions", "dropout", "label_dropout",
            "augment_dim", "channels_per_head");

    private final int imgResolution;
    private final int imgChannels;
    private final int labelDim;
    private final boolean useFp16;
    private final double sigmaMin;
    private final double sigmaMax;
    private final double sigmaData;
    private final String modelType;
    private final int modelChannels;
    private final List<Integer> channelMult;
    private final int channelMultEmb;
    private final int numBlocks;
    private final List<Integer> attnResolutions;
    private final double dropout;
    private final double labelDropout;
    private final int augmentDim;
    private final int channelsPerHead;

    private NetworkConfig(Builder builder) {
        this.imgResolution = builder.imgResolution;
        this.imgChannels = builder.imgChannels;
        this.labelDim = builder.labelDim;
        this.useFp16 = builder.useFp16;
        this.sigmaMin = builder.sigmaMin;
        this.sigmaMax = builder.sigmaMax;
        this.sigmaData = builder.sigmaData;
        this.modelType = builder.modelType;
        this.modelChannels = builder.modelChannels;
        this.channelMult = List.copyOf(builder.channelMult);
        this.channelMultEmb = builder.channelMultEmb;
        this.numBlocks = builder.numBlocks;
        this.attnResolutions = List.copyOf(builder.attnResolutions);
        this.dropout = builder.dropout;
        this.labelDropout = builder.labelDropout;
        this.augmentDim = builder.augmentDim;
        this.channelsPerHead = builder.channelsPerHead;
    }

    /**
     * Returns a builder with the upstream defaults and no resolution or channel count yet.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a named preset.
     *
     * <ul>
     *   <li>{@code dmd2-imagenet-64}: the network of DMD2's ImageNet 64×64 10-step generator
     *       (dropout 0).</li>
     *   <li>{@code edm-imagenet-64}: EDM's class-conditional ImageNet 64×64 ADM (dropout 0.1,
     *       irrelevant at inference).</li>
     * </ul>
     * Both have 64×64×3 images, 1000 classes, 192 base channels with multipliers 1-2-3-4, three
     * blocks per level, attention at 32, 16 and 8, σ_data 0.5 and {@code use_fp16} false (the
     * EDM checkpoint was trained with fp16 on CUDA; the engine computes in float32).
     *
     * @param name the preset name
     * @return the configuration
     * @throws IllegalArgumentException if the name is not a preset
     */
    public static NetworkConfig preset(String name) {
        Objects.requireNonNull(name, "name");
        Builder imagenet = builder().imgResolution(64).imgChannels(3).labelDim(1000)
                .modelChannels(192).channelMult(1, 2, 3, 4).channelMultEmb(4).numBlocks(3)
                .attnResolutions(32, 16, 8);
        switch (name) {
            case "dmd2-imagenet-64":
                return imagenet.dropout(0.0).build();
            case "edm-imagenet-64":
                return imagenet.dropout(0.1).build();
            default:
                throw new IllegalArgumentException("Unknown network preset '" + name
                        + "'; known presets: " + String.join(", ", presetNames()));
        }
    }

    /**
     * Returns the names {@link #preset(String)} accepts.
     *
     * @return the preset names
     */
    public static List<String> presetNames() {
        return List.of("dmd2-imagenet-64", "edm-imagenet-64");
    }

    /**
     * Reads a configuration from a JSON file: a golden {@code config.json} with
     * {@code precond_kwargs} and {@code model_kwargs} at the top level, a model
     * {@code config.json} with a {@code network} object holding them, or a file holding only
     * such a {@code network} object's contents.
     *
     * @param file the JSON file
     * @return the configuration
     * @throws DataFormatException if the file is not JSON or does not describe a valid network
     * @throws IOException if the file cannot be read
     */
    public static NetworkConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, e.getMessage(), e);
        }
    }

    /**
     * Parses a configuration from a JSON document (see {@link #read(Path)} for the forms).
     *
     * @param json the JSON text
     * @return the configuration
     * @throws IllegalArgumentException if the text is not JSON or not a valid network
     */
    public static NetworkConfig fromJson(String json) {
        try {
            return fromJson(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Network config is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses a configuration from a JSON tree (see {@link #read(Path)} for the forms).
     *
     * @param root the JSON object
     * @return the configuration
     * @throws IllegalArgumentException if the tree does not describe a valid network
     */
    public static NetworkConfig fromJson(JsonNode root) {
        Objects.requireNonNull(root, "root");
        JsonNode holder = root.has("network") ? root.get("network") : root;
        if (!holder.isObject() || !holder.has("precond_kwargs")) {
            throw new IllegalArgumentException("Network config needs a 'precond_kwargs' object "
                    + "(at the top level or inside 'network'); found keys " + keys(holder));
        }
        JsonNode precond = objectAt(holder, "precond_kwargs");
        JsonNode model = holder.has("model_kwargs") ? objectAt(holder, "model_kwargs")
                : JSON.createObjectNode();
        checkKeys("precond_kwargs", precond, PRECOND_KEYS);
        checkKeys("model_kwargs", model, MODEL_KEYS);

        Builder builder = builder();
        builder.imgResolution(requiredInt(precond, "precond_kwargs", "img_resolution"));
        builder.imgChannels(requiredInt(precond, "precond_kwargs", "img_channels"));
        builder.labelDim(optInt(precond, "precond_kwargs", "label_dim", 0));
        builder.useFp16(optBoolean(precond, "precond_kwargs", "use_fp16", false));
        builder.sigmaMin(optDouble(precond, "precond_kwargs", "sigma_min", 0.0));
        builder.sigmaMax(optDouble(precond, "precond_kwargs", "sigma_max",
                Double.POSITIVE_INFINITY));
        builder.sigmaData(optDouble(precond, "precond_kwargs", "sigma_data", 0.5));
        builder.modelType(optText(precond, "precond_kwargs", "model_type", DHARIWAL_UNET));

        builder.modelChannels(optInt(model, "model_kwargs", "model_channels", 192));
        builder.channelMult(optInts(model, "model_kwargs", "channel_mult", 1, 2, 3, 4));
        builder.channelMultEmb(optInt(model, "model_kwargs", "channel_mult_emb", 4));
        builder.numBlocks(optInt(model, "model_kwargs", "num_blocks", 3));
        builder.attnResolutions(optInts(model, "model_kwargs", "attn_resolutions", 32, 16, 8));
        builder.dropout(optDouble(model, "model_kwargs", "dropout", 0.10));
        builder.labelDropout(optDouble(model, "model_kwargs", "label_dropout", 0.0));
        builder.augmentDim(optInt(model, "model_kwargs", "augment_dim", 0));
        builder.channelsPerHead(optInt(model, "model_kwargs", "channels_per_head", 64));
        return builder.build();
    }

    /**
     * Returns the JSON form: an object with {@code precond_kwargs} and {@code model_kwargs},
     * ready to be stored as the {@code network} object of a model's {@code config.json}.
     * {@link #fromJson(JsonNode)} reads it back to an equal configuration.
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode precond = root.putObject("precond_kwargs");
        precond.put("img_resolution", imgResolution);
        precond.put("img_channels", imgChannels);
        precond.put("label_dim", labelDim);
        precond.put("use_fp16", useFp16);
        precond.put("sigma_min", sigmaMin);
        if (Double.isInfinite(sigmaMax)) {
            precond.put("sigma_max", "inf");
        } else {
            precond.put("sigma_max", sigmaMax);
        }
        precond.put("sigma_data", sigmaData);
        precond.put("model_type", modelType);

        ObjectNode model = root.putObject("model_kwargs");
        model.put("model_channels", modelChannels);
        ArrayNode mult = model.putArray("channel_mult");
        channelMult.forEach(mult::add);
        model.put("channel_mult_emb", channelMultEmb);
        model.put("num_blocks", numBlocks);
        ArrayNode attn = model.putArray("attn_resolutions");
        attnResolutions.forEach(attn::add);
        model.put("dropout", dropout);
        model.put("label_dropout", labelDropout);
        model.put("augment_dim", augmentDim);
        model.put("channels_per_head", channelsPerHead);
        return root;
    }

    /**
     * Returns the image side length in pixels ({@code img_resolution}).
     *
     * @return the resolution
     */
    public int imgResolution() {
        return imgResolution;
    }

    /**
     * Returns the number of image channels ({@code img_channels}), in and out.
     *
     * @return the channel count
     */
    public int imgChannels() {
        return imgChannels;
    }

    /**
     * Returns the length of the class-label vector ({@code label_dim}); 0 for an unconditional
     * network.
     *
     * @return the label dimension
     */
    public int labelDim() {
        return labelDim;
    }

    /**
     * Returns whether upstream ran the U-Net in float16 on CUDA ({@code use_fp16}). Kept for the
     * record; the engine computes in float32.
     *
     * @return the flag
     */
    public boolean useFp16() {
        return useFp16;
    }

    /**
     * Returns {@code sigma_min}, metadata upstream (0 by default).
     *
     * @return σ_min
     */
    public double sigmaMin() {
        return sigmaMin;
    }

    /**
     * Returns {@code sigma_max}, metadata upstream (infinite by default).
     *
     * @return σ_max
     */
    public double sigmaMax() {
        return sigmaMax;
    }

    /**
     * Returns σ_data of the preconditioning ({@code sigma_data}).
     *
     * @return σ_data
     */
    public double sigmaData() {
        return sigmaData;
    }

    /**
     * Returns the network type ({@code model_type}), always {@link #DHARIWAL_UNET}.
     *
     * @return the model type
     */
    public String modelType() {
        return modelType;
    }

    /**
     * Returns the base channel count ({@code model_channels}).
     *
     * @return the channel count of the first level
     */
    public int modelChannels() {
        return modelChannels;
    }

    /**
     * Returns the channel multiplier of each resolution level ({@code channel_mult}).
     *
     * @return the multipliers, first level first
     */
    public List<Integer> channelMult() {
        return channelMult;
    }

    /**
     * Returns the multiplier of the embedding width ({@code channel_mult_emb}).
     *
     * @return the multiplier
     */
    public int channelMultEmb() {
        return channelMultEmb;
    }

    /**
     * Returns the width of the conditioning embedding, {@code model_channels · channel_mult_emb}.
     *
     * @return the embedding width
     */
    public int embChannels() {
        return modelChannels * channelMultEmb;
    }

    /**
     * Returns the number of residual blocks per encoder level ({@code num_blocks}); decoder
     * levels have one more.
     *
     * @return the block count
     */
    public int numBlocks() {
        return numBlocks;
    }

    /**
     * Returns the resolutions whose blocks have self-attention ({@code attn_resolutions}).
     *
     * @return the resolutions
     */
    public List<Integer> attnResolutions() {
        return attnResolutions;
    }

    /**
     * Returns the dropout probability of training ({@code dropout}); unused at inference.
     *
     * @return the probability
     */
    public double dropout() {
        return dropout;
    }

    /**
     * Returns the label dropout probability of training ({@code label_dropout}).
     *
     * @return the probability
     */
    public double labelDropout() {
        return labelDropout;
    }

    /**
     * Returns {@code augment_dim}, always 0 here.
     *
     * @return the augmentation label width
     */
    public int augmentDim() {
        return augmentDim;
    }

    /**
     * Returns the channels of one attention head ({@code channels_per_head}, 64 upstream): a
     * block with attention and C output channels has {@code C / channels_per_head} heads.
     *
     * @return the channels per head
     */
    public int channelsPerHead() {
        return channelsPerHead;
    }

    /**
     * Returns the GroupNorm group count for a channel count: {@code min(32, C/4)}.
     *
     * @param channels the channel count
     * @return the number of groups
     */
    public static int groupNormGroups(int channels) {
        return Math.min(32, channels / 4);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetworkConfig that && toJson().equals(that.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "NetworkConfig" + toJson();
    }

    private static JsonNode objectAt(JsonNode holder, String key) {
        JsonNode node = holder.get(key);
        if (!node.isObject()) {
            throw new IllegalArgumentException("'" + key + "' must be a JSON object, found "
                    + node.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        return node;
    }

    private static void checkKeys(String section, JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown key '" + name + "' in " + section
                        + "; known keys: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int requiredInt(JsonNode node, String section, String key) {
        if (!node.has(key)) {
            throw new IllegalArgumentException("Missing '" + key + "' in " + section);
        }
        return optInt(node, section, key, 0);
    }

    private static int optInt(JsonNode node, String section, String key, int fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(section + "." + key + " = " + value
                    + ", expected an integer");
        }
        return value.intValue();
    }

    private static double optDouble(JsonNode node, String section, String key, double fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().trim().toLowerCase(Locale.ROOT);
            if (text.equals("inf") || text.equals("+inf") || text.equals("infinity")) {
                return Double.POSITIVE_INFINITY;
            }
        }
        throw new IllegalArgumentException(section + "." + key + " = " + value
                + ", expected a number (or \"inf\")");
    }

    private static boolean optBoolean(JsonNode node, String section, String key,
            boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(section + "." + key + " = " + value
                    + ", expected true or false");
        }
        return value.booleanValue();
    }

    private static String optText(JsonNode node, String section, String key, String fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(section + "." + key + " = " + value
                    + ", expected a string");
        }
        return value.textValue();
    }

    private static int[] optInts(JsonNode node, String section, String key, int... fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(section + "." + key + " = " + value
                    + ", expected a list of integers");
        }
        int[] values = new int[value.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode item = value.get(i);
            if (!item.canConvertToExactIntegral() || !item.canConvertToInt()) {
                throw new IllegalArgumentException(section + "." + key + " = " + value
                        + ", expected a list of integers");
            }
            values[i] = item.intValue();
        }
        return values;
    }

    /**
     * Builds a {@link NetworkConfig}. Every setter takes the value of the upstream argument of
     * the same name; {@link #build()} checks the combination.
     */
    public static final class Builder {

        private int imgResolution;
        private int imgChannels;
        private int labelDim;
        private boolean useFp16;
        private double sigmaMin;
        private double sigmaMax = Double.POSITIVE_INFINITY;
        private double sigmaData = 0.5;
        private String modelType = DHARIWAL_UNET;
        private int modelChannels = 192;
        private List<Integer> channelMult = List.of(1, 2, 3, 4);
        private int channelMultEmb = 4;
        private int numBlocks = 3;
        private List<Integer> attnResolutions = List.of(32, 16, 8);
        private double dropout = 0.10;
        private double labelDropout;
        private int augmentDim;
        private int channelsPerHead = 64;

        private Builder() {
        }

        /**
         * Sets {@code img_resolution}.
         *
         * @param value the image side length
         * @return this builder
         */
        public Builder imgResolution(int value) {
            this.imgResolution = value;
            return this;
        }

        /**
         * Sets {@code img_channels}.
         *
         * @param value the image channel count
         * @return this builder
         */
        public Builder imgChannels(int value) {
            this.imgChannels = value;
            return this;
        }

        /**
         * Sets {@code label_dim}.
         *
         * @param value the label vector length, 0 for unconditional
         * @return this builder
         */
        public Builder labelDim(int value) {
            this.labelDim = value;
            return this;
        }

        /**
         * Sets {@code use_fp16}.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder useFp16(boolean value) {
            this.useFp16 = value;
            return this;
        }

        /**
         * Sets {@code sigma_min}.
         *
         * @param value σ_min
         * @return this builder
         */
        public Builder sigmaMin(double value) {
            this.sigmaMin = value;
            return this;
        }

        /**
         * Sets {@code sigma_max}.
         *
         * @param value σ_max, possibly infinite
         * @return this builder
         */
        public Builder sigmaMax(double value) {
            this.sigmaMax = value;
            return this;
        }

        /**
         * Sets {@code sigma_data}.
         *
         * @param value σ_data
         * @return this builder
         */
        public Builder sigmaData(double value) {
            this.sigmaData = value;
            return this;
        }

        /**
         * Sets {@code model_type}.
         *
         * @param value the network type
         * @return this builder
         */
        public Builder modelType(String value) {
            this.modelType = Objects.requireNonNull(value, "modelType");
            return this;
        }

        /**
         * Sets {@code model_channels}.
         *
         * @param value the base channel count
         * @return this builder
         */
        public Builder modelChannels(int value) {
            this.modelChannels = value;
            return this;
        }

        /**
         * Sets {@code channel_mult}.
         *
         * @param values the multiplier of each level
         * @return this builder
         */
        public Builder channelMult(int... values) {
            this.channelMult = toList(values);
            return this;
        }

        /**
         * Sets {@code channel_mult_emb}.
         *
         * @param value the embedding multiplier
         * @return this builder
         */
        public Builder channelMultEmb(int value) {
            this.channelMultEmb = value;
            return this;
        }

        /**
         * Sets {@code num_blocks}.
         *
         * @param value the blocks per encoder level
         * @return this builder
         */
        public Builder numBlocks(int value) {
            this.numBlocks = value;
            return this;
        }

        /**
         * Sets {@code attn_resolutions}.
         *
         * @param values the resolutions with attention
         * @return this builder
         */
        public Builder attnResolutions(int... values) {
            this.attnResolutions = toList(values);
            return this;
        }

        /**
         * Sets {@code dropout}.
         *
         * @param value the dropout probability
         * @return this builder
         */
        public Builder dropout(double value) {
            this.dropout = value;
            return this;
        }

        /**
         * Sets {@code label_dropout}.
         *
         * @param value the label dropout probability
         * @return this builder
         */
        public Builder labelDropout(double value) {
            this.labelDropout = value;
            return this;
        }

        /**
         * Sets {@code augment_dim}; only 0 is accepted by {@link #build()}.
         *
         * @param value the augmentation label width
         * @return this builder
         */
        public Builder augmentDim(int value) {
            this.augmentDim = value;
            return this;
        }

        /**
         * Sets the channels per attention head (64 upstream).
         *
         * @param value the channels per head
         * @return this builder
         */
        public Builder channelsPerHead(int value) {
            this.channelsPerHead = value;
            return this;
        }

        /**
         * Checks the combination and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first value that is out of range or a
         *     channel count that its GroupNorm cannot split
         */
        public NetworkConfig build() {
            if (!modelType.equals(DHARIWAL_UNET)) {
                throw new IllegalArgumentException("model_type '" + modelType
                        + "' is not supported; only " + DHARIWAL_UNET + " can be built");
            }
            if (augmentDim != 0) {
                throw new IllegalArgumentException("augment_dim = " + augmentDim
                        + " is not supported; expected 0 (no augmentation labels)");
            }
            positive("img_resolution", imgResolution);
            positive("img_channels", imgChannels);
            positive("model_channels", modelChannels);
            positive("channel_mult_emb", channelMultEmb);
            positive("num_blocks", numBlocks);
            positive("channels_per_head", channelsPerHead);
            if (labelDim < 0) {
                throw new IllegalArgumentException("label_dim = " + labelDim
                        + ", expected 0 or more");
            }
            if (channelMult.isEmpty()) {
                throw new IllegalArgumentException("channel_mult is empty, expected at least "
                        + "one level");
            }
            for (int mult : channelMult) {
                positive("channel_mult entry", mult);
            }
            if (imgResolution % (1 << (channelMult.size() - 1)) != 0) {
                throw new IllegalArgumentException("img_resolution = " + imgResolution
                        + " cannot be halved " + (channelMult.size() - 1) + " times for "
                        + channelMult.size() + " levels");
            }
            if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
                throw new IllegalArgumentException("sigma_data = " + sigmaData
                        + ", expected a finite value > 0");
            }
            if (Double.isNaN(sigmaMin) || Double.isNaN(sigmaMax) || sigmaMin < 0
                    || sigmaMax <= sigmaMin) {
                throw new IllegalArgumentException("sigma_min = " + sigmaMin + ", sigma_max = "
                        + sigmaMax + ", expected 0 <= sigma_min < sigma_max");
            }
            probability("dropout", dropout);
            probability("label_dropout", labelDropout);

            NetworkConfig config = new NetworkConfig(this);
            checkGroupNorms(config);
            return config;
        }

        private static void checkGroupNorms(NetworkConfig config) {
            for (LayerCatalog.Layer layer : LayerCatalog.structure(config)) {
                checkGroups(layer.key() + " input", layer.inChannels(),
                        layer.kind() != LayerCatalog.Kind.CONV);
                checkGroups(layer.key() + " output", layer.channels(), true);
                int heads = layer.attentionHeads();
                if (heads > 0 && layer.channels() % heads != 0) {
                    throw new IllegalArgumentException(layer.key() + " has " + layer.channels()
                            + " channels, which " + heads + " attention heads cannot split");
                }
            }
        }

        private static void checkGroups(String where, int channels, boolean normalized) {
            if (!normalized) {
                return;
            }
            int groups = groupNormGroups(channels);
            if (groups < 1 || channels % groups != 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s has %d channels, which GroupNorm cannot split into min(32, C/4) = %d "
                                + "groups; choose model_channels and channel_mult so that every "
                                + "channel count (and every decoder concatenation) divides",
                        where, channels, groups));
            }
        }

        private static void positive(String key, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(key + " = " + value + ", expected > 0");
            }
        }

        private static void probability(String key, double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException(key + " = " + value
                        + ", expected a probability in [0, 1)");
            }
        }

        private static List<Integer> toList(int[] values) {
            List<Integer> list = new ArrayList<>(values.length);
            for (int value : values) {
                list.add(value);
            }
            return list;
        }
    }
}
