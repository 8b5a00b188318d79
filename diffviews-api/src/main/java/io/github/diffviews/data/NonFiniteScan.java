package io.github.diffviews.data;

import io.github.diffviews.tensor.FloatMatrix;
import java.util.stream.IntStream;

/** Counts NaN and infinite values of a matrix, in parallel over row blocks. */
final class NonFiniteScan {

    private static final int BLOCK_ROWS = 256;

    private NonFiniteScan() {
    }

    static long count(FloatMatrix matrix) {
        int blocks = (matrix.rows() + BLOCK_ROWS - 1) / BLOCK_ROWS;
        return IntStream.range(0, blocks).parallel().mapToLong(block -> {
            float[] row = new float[matrix.columns()];
            long count = 0;
            int end = Math.min(matrix.rows(), (block + 1) * BLOCK_ROWS);
            for (int r = block * BLOCK_ROWS; r < end; r++) {
                matrix.copyRow(r, row);
                for (float value : row) {
                    if (!Float.isFinite(value)) {
                        count++;
                    }
                }
            }
            return count;
        }).sum();
    }

    /** Finds the first non-finite value, for messages: {row, column} or null. */
    static int[] first(FloatMatrix matrix) {
        float[] row = new float[matrix.columns()];
        for (int r = 0; r < matrix.rows(); r++) {
            matrix.copyRow(r, row);
            for (int c = 0; c < row.length; c++) {
                if (!Float.isFinite(row[c])) {
                    return new int[] {r, c};
                }
            }
        }
        return null;
    }
}
