package io.github.diffviews.data;

import io.github.diffviews.tensor.FloatMatrix;
import java.util.List;
import java.util.Objects;

/**
 * A read-only view of some column slices of a matrix, side by side: the activations of some
 * layers out of all recorded ones.
 */
final class ColumnSliceMatrix implements FloatMatrix {

    private final FloatMatrix matrix;
    private final int[] offsets;
    private final int[] lengths;
    private final int[] starts;
    private final int columns;

    ColumnSliceMatrix(FloatMatrix matrix, List<ActivationLayout.Slice> slices) {
        this.matrix = matrix;
        this.offsets = new int[slices.size()];
        this.lengths = new int[slices.size()];
        this.starts = new int[slices.size()];
        int at = 0;
        for (int i = 0; i < slices.size(); i++) {
            offsets[i] = slices.get(i).offset();
            lengths[i] = slices.get(i).size();
            starts[i] = at;
            at += lengths[i];
        }
        this.columns = at;
    }

    @Override
    public int rows() {
        return matrix.rows();
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public float get(int row, int column) {
        Objects.checkIndex(column, columns);
        int slice = sliceOf(column);
        return matrix.get(row, offsets[slice] + column - starts[slice]);
    }

    @Override
    public void copyRow(int row, int fromColumn, float[] destination, int offset, int length) {
        Objects.checkFromIndexSize(fromColumn, length, columns);
        int column = fromColumn;
        int written = 0;
        while (written < length) {
            int slice = sliceOf(column);
            int within = column - starts[slice];
            int count = Math.min(lengths[slice] - within, length - written);
            matrix.copyRow(row, offsets[slice] + within, destination, offset + written, count);
            written += count;
            column += count;
        }
    }

    private int sliceOf(int column) {
        for (int i = starts.length - 1; i >= 0; i--) {
            if (starts[i] <= column) {
                return i;
            }
        }
        throw new IndexOutOfBoundsException("Column " + column);
    }
}
