package io.github.diffviews.tensor;

/**
 * A read-only matrix of 32-bit floats accessed by rows: one row per sample, one column per
 * feature. Implementations may live on the heap or be memory-mapped from a file; either way they
 * are immutable and safe to read from many threads at once.
 */
public interface FloatMatrix {

    /**
     * Returns the number of rows.
     *
     * @return the row count
     */
    int rows();

    /**
     * Returns the number of columns.
     *
     * @return the column count
     */
    int columns();

    /**
     * Returns one value.
     *
     * @param row the row index
     * @param column the column index
     * @return the value
     */
    float get(int row, int column);

    /**
     * Copies part of a row into an array.
     *
     * @param row the row index
     * @param fromColumn the first column to copy
     * @param destination the array to fill
     * @param offset where in the destination the first value goes
     * @param length how many values to copy
     */
    void copyRow(int row, int fromColumn, float[] destination, int offset, int length);

    /**
     * Copies a whole row into an array.
     *
     * @param row the row index
     * @param destination the array to fill, at least {@link #columns()} long
     */
    default void copyRow(int row, float[] destination) {
        copyRow(row, 0, destination, 0, columns());
    }

    /**
     * Returns a copy of a row.
     *
     * @param row the row index
     * @return a new array of {@link #columns()} values
     */
    default float[] row(int row) {
        float[] values = new float[columns()];
        copyRow(row, values);
        return values;
    }

    /**
     * Wraps a row-major array as a matrix, without copying. The caller must not modify the array
     * afterwards.
     *
     * @param data the values, row after row
     * @param rows the number of rows
     * @param columns the number of columns
     * @return the matrix
     */
    static FloatMatrix wrap(float[] data, int rows, int columns) {
        return new HeapMatrix(data, rows, columns);
    }

    /**
     * Copies rows of equal length into a matrix.
     *
     * @param rows the rows
     * @return the matrix
     * @throws IllegalArgumentException if the rows differ in length
     */
    static FloatMatrix of(float[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[Math.multiplyExact(rows.length, columns)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException("Row " + i + " has " + rows[i].length
                        + " values, expected " + columns);
            }
            System.arraycopy(rows[i], 0, data, i * columns, columns);
        }
        return new HeapMatrix(data, rows.length, columns);
    }

    /**
     * Copies this matrix onto the heap as one row-major array.
     *
     * @return a new array of {@code rows() * columns()} values
     */
    default float[] toFloatArray() {
        int columns = columns();
        float[] values = new float[Math.multiplyExact(rows(), columns)];
        for (int r = 0; r < rows(); r++) {
            copyRow(r, 0, values, r * columns, columns);
        }
        return values;
    }
}
