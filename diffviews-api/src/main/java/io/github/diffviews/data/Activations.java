package io.github.diffviews.data;

import io.github.diffviews.io.DType;
import io.github.diffviews.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model's activation matrix: one row per sample (aligned with the embeddings CSV), the columns
 * of every recorded layer side by side. The matrix is normally memory-mapped from {@code .npy}
 * files and never copied whole onto the heap.
 */
public final class Activations {

    private final FloatMatrix matrix;
    private final ActivationLayout layout;
    private final List<Path> files;
    private final DType dtype;
    private final AtomicLong nonFinite = new AtomicLong(-1);

    /**
     * Creates activations over a matrix.
     *
     * @param matrix the rows
     * @param layout the layer layout of the columns, or null when it is not known
     * @param files the files the rows came from
     * @param dtype the element type stored in the files
     * @throws IllegalArgumentException if the layout's width differs from the matrix's
     */
    public Activations(FloatMatrix matrix, ActivationLayout layout, List<Path> files,
            DType dtype) {
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        this.layout = layout;
        this.files = List.copyOf(files);
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        if (layout != null && layout.width() != matrix.columns()) {
            throw new IllegalArgumentException("The layers " + layout.layers() + " hold "
                    + layout.width() + " values per sample but the matrix has "
                    + matrix.columns() + " columns");
        }
    }

    /**
     * Returns the matrix of activation rows.
     *
     * @return the matrix, one row per sample
     */
    public FloatMatrix matrix() {
        return matrix;
    }

    /**
     * Returns how the columns divide into layers.
     *
     * @return the layout, if the files record it
     */
    public Optional<ActivationLayout> layout() {
        return Optional.ofNullable(layout);
    }

    /**
     * Returns the activations of some layers only, as a matrix of their columns side by side
     * (in the layout's order) with the matching layout.
     *
     * @param layers the layers to keep
     * @return the narrower activations, sharing this matrix's storage
     * @throws IllegalStateException if the layout is not known
     * @throws UnknownLayerException if a layer is not recorded
     */
    public Activations select(java.util.List<String> layers) {
        if (layout == null) {
            throw new IllegalStateException("The activations in " + files
                    + " do not record their layers (no .npy.json sidecar)");
        }
        java.util.List<ActivationLayout.Slice> slices = layout.select(layers);
        if (slices.size() == layout.slices().size()) {
            return this;
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        java.util.Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        for (ActivationLayout.Slice slice : slices) {
            names.add(slice.layer());
            sizes.put(slice.layer(), slice.size());
        }
        return new Activations(new ColumnSliceMatrix(matrix, slices),
                ActivationLayout.ordered(names, sizes), files, dtype);
    }

    /**
     * Returns the files the rows came from, in row order.
     *
     * @return the files
     */
    public List<Path> files() {
        return files;
    }

    /**
     * Returns the element type stored in the files.
     *
     * @return float32 or float16
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Returns the number of samples.
     *
     * @return the row count
     */
    public int rows() {
        return matrix.rows();
    }

    /**
     * Returns the number of values per sample.
     *
     * @return the column count
     */
    public int width() {
        return matrix.columns();
    }

    /**
     * Counts the values that are NaN or infinite. The first call reads the whole matrix (a few
     * seconds for gigabytes); the count is then remembered.
     *
     * @return the number of non-finite values
     */
    public long nonFiniteCount() {
        long count = nonFinite.get();
        if (count < 0) {
            count = NonFiniteScan.count(matrix);
            nonFinite.set(count);
        }
        return count;
    }

    /**
     * Tells whether the non-finite values have already been counted, so that asking for the
     * count costs nothing.
     *
     * @return true once {@link #nonFiniteCount()} has been computed
     */
    public boolean nonFiniteCounted() {
        return nonFinite.get() >= 0;
    }

    @Override
    public String toString() {
        return "Activations[" + rows() + " x " + width() + " " + dtype
                + (layout == null ? "" : ", layers " + layout.layers()) + "]";
    }
}
