package io.github.diffviews.data;

import io.github.diffviews.tensor.FloatMatrix;
import java.util.List;
import java.util.Objects;

/** Several matrices of equal width read as one, their rows one after another. */
final class StackedMatrix implements FloatMatrix {

    private final FloatMatrix[] parts;
    private final int[] firstRows;
    private final int rows;
    private final int columns;

    StackedMatrix(List<FloatMatrix> parts) {
        this.parts = parts.toArray(new FloatMatrix[0]);
        this.firstRows = new int[this.parts.length];
        this.columns = this.parts[0].columns();
        int total = 0;
        for (int i = 0; i < this.parts.length; i++) {
            if (this.parts[i].columns() != columns) {
                throw new IllegalArgumentException("Part " + i + " has "
                        + this.parts[i].columns() + " columns, expected " + columns);
            }
            firstRows[i] = total;
            total = Math.addExact(total, this.parts[i].rows());
        }
        this.rows = total;
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
        int part = partOf(row);
        return parts[part].get(row - firstRows[part], column);
    }

    @Override
    public void copyRow(int row, int fromColumn, float[] destination, int offset, int length) {
        int part = partOf(row);
        parts[part].copyRow(row - firstRows[part], fromColumn, destination, offset, length);
    }

    private int partOf(int row) {
        Objects.checkIndex(row, rows);
        int low = 0;
        int high = parts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (firstRows[mid] <= row) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
