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
