package io.github.diffviews.network;

import io.github.diffviews.data.UnknownLayerException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hookable layers of a network, with their shapes, derived from its {@link NetworkConfig}
 * alone (no forward pass, no weights).
 *
 * <p>A layer is one entry of the U-Net's encoder or decoder, in execution order. Each has two
 * names:
 * <ul>
 *   <li>its upstream key with an {@code enc.} or {@code dec.} prefix, for example
 *       {@code enc.16x16_conv}, {@code enc.8x8_block0} or {@code dec.8x8_in0} (the prefix is
 *       needed because both halves have an {@code 8x8_block0});</li>
 *   <li>the Python tool's name: {@code encoder_block_i} for encoder entry i,
 *       {@code encoder_bottleneck} for the last encoder entry, {@code midblock} for the first
 *       decoder entry and {@code decoder_block_i} for decoder entry i ≥ 1. As in the Python tool,
 *       {@code decoder_block_0} also resolves (to the midblock) without being listed, and so does
 *       {@code encoder_block_i} for the last encoder entry (the bottleneck).</li>
 * </ul>
 * {@link #resolve(String)} accepts either form. A layer's output is its final output: after the
 * residual, skip and attention parts of its block. Instances are immutable.
 */
public final class LayerCatalog {

    private final List<Layer> layers;
    private final Map<String, Layer> byName;
    private final List<String> originalNames;

    private LayerCatalog(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        Map<String, Layer> index = new LinkedHashMap<>();
        List<String> listed = new ArrayList<>();
        int encoders = (int) layers.stream().filter(Layer::encoder).count();
        for (Layer layer : layers) {
            index.put(layer.key(), layer);
            index.put(layer.originalName(), layer);
            listed.add(layer.originalName());
            if (layer.encoder() && layer.index() == encoders - 1) {
                index.put("encoder_block_" + layer.index(), layer);
            }
            if (!layer.encoder() && layer.index() == 0) {
                index.put("decoder_block_0", layer);
            }
        }
        this.byName = Collections.unmodifiableMap(index);
        this.originalNames = List.copyOf(listed);
    }

    /**
     * Computes the catalogue of a network.
     *
     * @param config the network configuration
     * @return its layers
     */
    public static LayerCatalog of(NetworkConfig config) {
        return new LayerCatalog(structure(config));
    }

    /**
     * Returns every layer in execution order: the encoder entries, then the decoder entries.
     *
     * @return the layers
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Returns the Python tool's names of the layers it could hook, in execution order (37 for
     * the ImageNet-64 network).
     *
     * @return the names
     */
    public List<String> originalNames() {
        return originalNames;
    }

    /**
     * Returns the upstream keys with their prefix, in execution order.
     *
     * @return the keys
     */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            keys.add(layer.key());
        }
        return keys;
    }

    /**
     * Tells whether a name resolves to a layer.
     *
     * @param name an upstream key or an original name
     * @return true if {@link #resolve(String)} would succeed
     */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * Finds a layer by its upstream key or its original name.
     *
     * @param name for example {@code enc.8x8_block2} or {@code encoder_bottleneck}
     * @return the layer
     * @throws UnknownLayerException if neither form matches, listing the known names
     */
    public Layer resolve(String name) {
        Objects.requireNonNull(name, "name");
        Layer layer = byName.get(name);
        if (layer == null) {
            List<String> known = new ArrayList<>(originalNames);
            known.addAll(keys());
            throw new UnknownLayerException(name, known);
        }
        return layer;
    }

    /**
     * Returns the flattened sizes {@code C·H·W} of some layers, keyed by the names given, for
     * building an {@link io.github.diffviews.data.ActivationLayout}.
     *
     * @param names layer names in either form
     * @return the sizes, in the order given
     * @throws UnknownLayerException if a name does not resolve
     */
    public Map<String, Integer> sizes(Collection<String> names) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String name : names) {
            sizes.put(name, resolve(name).size());
        }
        return sizes;
    }

    @Override
    public String toString() {
        return "LayerCatalog" + keys();
    }

    /** Builds the layer list; the builder of {@link NetworkConfig} also uses it for checks. */
    static List<Layer> structure(NetworkConfig config) {
        List<Layer> layers = new ArrayList<>();
        List<Integer> mult = config.channelMult();
        int levels = mult.size();
        int resolution = config.imgResolution();
        Deque<Integer> skips = new ArrayDeque<>();

        int channels = config.imgChannels();
        int index = 0;
        for (int level = 0; level < levels; level++) {
            int res = resolution >> level;
            int out = config.modelChannels() * mult.get(level);
            String prefix = "enc." + res + "x" + res + "_";
            if (level == 0) {
                layers.add(new Layer(prefix + "conv", "", index++, true, Kind.CONV, channels,
                        out, res, res, 0));
                channels = out;
            } else {
                layers.add(new Layer(prefix + "down", "", index++, true, Kind.DOWN, channels,
                        channels, res, res, 0));
            }
            skips.push(channels);
            for (int block = 0; block < config.numBlocks(); block++) {
                int heads = heads(config, out, config.attnResolutions().contains(res));
                layers.add(new Layer(prefix + "block" + block, "", index++, true, Kind.BLOCK,
                        channels, out, res, res, heads));
                channels = out;
                skips.push(channels);
            }
        }

        index = 0;
        for (int level = levels - 1; level >= 0; level--) {
            int res = resolution >> level;
            int out = config.modelChannels() * mult.get(level);
            String prefix = "dec." + res + "x" + res + "_";
            if (level == levels - 1) {
                layers.add(new Layer(prefix + "in0", "", index++, false, Kind.BLOCK, channels,
                        channels, res, res, heads(config, channels, true)));
                layers.add(new Layer(prefix + "in1", "", index++, false, Kind.BLOCK, channels,
                        channels, res, res, 0));
            } else {
                layers.add(new Layer(prefix + "up", "", index++, false, Kind.UP, channels,
                        channels, res, res, 0));
            }
            for (int block = 0; block <= config.numBlocks(); block++) {
                int in = channels + skips.pop();
                int heads = heads(config, out, config.attnResolutions().contains(res));
                layers.add(new Layer(prefix + "block" + block, "", index++, false, Kind.BLOCK,
                        in, out, res, res, heads));
                channels = out;
            }
        }
        return withOriginalNames(layers);
    }

    private static int heads(NetworkConfig config, int channels, boolean attention) {
        return attention ? channels / config.channelsPerHead() : 0;
    }

    private static List<Layer> withOriginalNames(List<Layer> layers) {
        int encoders = (int) layers.stream().filter(Layer::encoder).count();
        List<Layer> named = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            String original;
            if (layer.encoder()) {
                original = layer.index() == encoders - 1 ? "encoder_bottleneck"
                        : "encoder_block_" + layer.index();
            } else {
                original = layer.index() == 0 ? "midblock" : "decoder_block_" + layer.index();
            }
            named.add(new Layer(layer.key(), original, layer.index(), layer.encoder(),
                    layer.kind(), layer.inChannels(), layer.channels(), layer.height(),
                    layer.width(), layer.attentionHeads()));
        }
        return named;
    }

    /** What a layer's module is. */
    public enum Kind {
        /** The plain 3×3 convolution that opens the encoder. */
        CONV,
        /** A residual block at constant resolution (possibly with attention). */
        BLOCK,
        /** A residual block that halves the resolution. */
        DOWN,
        /** A residual block that doubles the resolution. */
        UP
    }

    /**
     * One hookable layer.
     *
     * @param key the upstream key with its prefix, for example {@code enc.8x8_block0}
     * @param originalName the Python tool's name, for example {@code encoder_block_13}
     * @param index the position within the encoder or within the decoder
     * @param encoder true for an encoder entry (its output is also pushed as a skip)
     * @param kind what the module is
     * @param inChannels the channels the module reads (after a decoder concatenation)
     * @param channels C of the output
     * @param height H of the output
     * @param width W of the output
     * @param attentionHeads the number of self-attention heads, 0 for none
     */
    public record Layer(String key, String originalName, int index, boolean encoder, Kind kind,
            int inChannels, int channels, int height, int width, int attentionHeads) {

        /**
         * Checks the components.
         */
        public Layer {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(originalName, "originalName");
            Objects.requireNonNull(kind, "kind");
        }

        /**
         * Returns the output shape of one image.
         *
         * @return {@code {C, H, W}}
         */
        public int[] shape() {
            return new int[] {channels, height, width};
        }

        /**
         * Returns the number of values of one image's output, {@code C·H·W}.
         *
         * @return the flattened size
         */
        public int size() {
            return Math.multiplyExact(Math.multiplyExact(channels, height), width);
        }
    }
}
