package io.github.diffviews.tensor;

import java.util.Objects;

/** A {@link FloatMatrix} over one row-major heap array. */
final class HeapMatrix implements FloatMatrix {

    private final float[] data;
    private final int rows;
    private final int columns;

    HeapMatrix(float[] data, int rows, int columns) {
        Objects.requireNonNull(data, "data");
        if (rows < 0 || columns < 0 || (long) rows * columns != data.length) {
            throw new IllegalArgumentException("A " + rows + " x " + columns
                    + " matrix needs " + ((long) rows * columns) + " values, got " + data.length);
        }
        this.data = data;
        this.rows = rows;
        this.columns = columns;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public float get(int row, int column) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(column, columns);
        return data[row * columns + column];
    }

    @Override
    public void copyRow(int row, int fromColumn, float[] destination, int offset, int length) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(fromColumn, length, columns);
        System.arraycopy(data, row * columns + fromColumn, destination, offset, length);
    }

    @Override
    public float[] toFloatArray() {
        return data.clone();
    }
}
