package io.github.diffviews.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the columns of an activation matrix divide into layers: each layer's flattened
 * {@code C·H·W} values occupy one contiguous slice, and the slices follow the layers in sorted
 * name order, as the Python tool wrote them ({@code encoder_bottleneck} before {@code midblock}).
 */
public final class ActivationLayout {

    private final List<Slice> slices;
    private final Map<String, Slice> byName;
    private final int width;

    private ActivationLayout(List<Slice> slices) {
        this.slices = List.copyOf(slices);
        Map<String, Slice> index = new LinkedHashMap<>();
        int offset = 0;
        for (Slice slice : slices) {
            if (index.put(slice.layer(), slice) != null) {
                throw new IllegalArgumentException("Layer '" + slice.layer()
                        + "' appears twice in the activation layout");
            }
            if (slice.offset() != offset) {
                throw new IllegalArgumentException("Layer '" + slice.layer() + "' starts at "
                        + slice.offset() + ", expected " + offset);
            }
            offset = Math.addExact(offset, slice.size());
        }
        this.byName = Collections.unmodifiableMap(index);
        this.width = offset;
    }

    /**
     * Lays out layers in sorted name order from their flattened sizes.
     *
     * @param sizes the number of values of each layer
     * @return the layout
     * @throws IllegalArgumentException if a size is not positive
     */
    public static ActivationLayout sorted(Map<String, Integer> sizes) {
        List<Slice> slices = new ArrayList<>();
        int offset = 0;
        for (Map.Entry<String, Integer> entry : new TreeMap<>(sizes).entrySet()) {
            int size = entry.getValue();
            if (size <= 0) {
                throw new IllegalArgumentException("Layer '" + entry.getKey()
                        + "' has size " + size + ", expected a positive number of values");
            }
            slices.add(new Slice(entry.getKey(), offset, size));
            offset = Math.addExact(offset, size);
        }
        return new ActivationLayout(slices);
    }

    /**
     * Lays out layers in exactly the given order, as a sidecar file lists them.
     *
     * @param layers the layer names in column order
     * @param sizes the number of values of each layer
     * @return the layout
     * @throws IllegalArgumentException if a layer has no size or appears twice
     */
    public static ActivationLayout ordered(List<String> layers, Map<String, Integer> sizes) {
        List<Slice> slices = new ArrayList<>();
        int offset = 0;
        for (String layer : layers) {
            Integer size = sizes.get(layer);
            if (size == null || size <= 0) {
                throw new IllegalArgumentException("Layer '" + layer
                        + "' has no positive size in " + sizes);
            }
            slices.add(new Slice(layer, offset, size));
            offset = Math.addExact(offset, size);
        }
        return new ActivationLayout(slices);
    }

    /**
     * Returns the slices in column order.
     *
     * @return the slices
     */
    public List<Slice> slices() {
        return slices;
    }

    /**
     * Returns the layer names in column order.
     *
     * @return the names
     */
    public List<String> layers() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Returns the total number of columns.
     *
     * @return the sum of the layer sizes
     */
    public int width() {
        return width;
    }

    /**
     * Tells whether a layer is part of this layout.
     *
     * @param layer the layer name
     * @return true if present
     */
    public boolean contains(String layer) {
        return byName.containsKey(layer);
    }

    /**
     * Returns the slice of one layer.
     *
     * @param layer the layer name
     * @return its slice
     * @throws UnknownLayerException if the layout has no such layer
     */
    public Slice slice(String layer) {
        Slice slice = byName.get(layer);
        if (slice == null) {
            throw new UnknownLayerException(layer, layers());
        }
        return slice;
    }

    /**
     * Returns the layout restricted to some layers, keeping their offsets in the full matrix.
     *
     * @param layers the layers to keep
     * @return the slices of those layers, in column order
     * @throws UnknownLayerException if a layer is not in this layout
     */
    public List<Slice> select(List<String> layers) {
        List<Slice> selected = new ArrayList<>();
        for (String layer : layers) {
            selected.add(slice(layer));
        }
        selected.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return selected;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActivationLayout that && slices.equals(that.slices);
    }

    @Override
    public int hashCode() {
        return slices.hashCode();
    }

    @Override
    public String toString() {
        return "ActivationLayout" + slices;
    }

    /**
     * One layer's columns.
     *
     * @param layer the layer name
     * @param offset the first column
     * @param size the number of columns
     */
    public record Slice(String layer, int offset, int size) {

        /**
         * Checks the components.
         */
        public Slice {
            Objects.requireNonNull(layer, "layer");
            if (offset < 0 || size <= 0) {
                throw new IllegalArgumentException("Bad slice of layer '" + layer + "': offset "
                        + offset + ", size " + size);
            }
        }
    }
}
