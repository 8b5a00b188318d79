package io.github.diffviews.io;

import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 or float16 {@code .npy} array memory-mapped as a read-only matrix. Rows are the first
 * dimension and columns the product of the others, so an {@code (N, C, H, W)} array reads as
 * {@code N} rows of {@code C·H·W} values in C order.
 *
 * <p>The file is mapped in chunks of whole rows, each under 2 GiB, so matrices of any size open
 * at once and only the pages that are read are loaded. Reads are absolute and never move a
 * buffer's position, so one instance serves any number of threads.
 */
public final class MappedNpyMatrix implements FloatMatrix {

    private static final long MAX_CHUNK_BYTES = Integer.MAX_VALUE - 7;

    private final Path file;
    private final NpyHeader header;
    private final int rows;
    private final int columns;
    private final int rowsPerChunk;
    private final FloatBuffer[] floatChunks;
    private final ShortBuffer[] halfChunks;

    private MappedNpyMatrix(Path file, NpyHeader header, int rows, int columns, int rowsPerChunk,
            FloatBuffer[] floatChunks, ShortBuffer[] halfChunks) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        this.columns = columns;
        this.rowsPerChunk = rowsPerChunk;
        this.floatChunks = floatChunks;
        this.halfChunks = halfChunks;
    }

    static MappedNpyMatrix map(Path file, NpyHeader header) throws IOException {
        int[] shape = header.shape();
        int rows = shape[0];
        long columnCount = 1;
        for (int axis = 1; axis < shape.length; axis++) {
            columnCount = Math.multiplyExact(columnCount, shape[axis]);
        }
        if (columnCount > Integer.MAX_VALUE) {
            throw new DataFormatException(file, "rows of " + columnCount
                    + " values are too wide");
        }
        int columns = (int) columnCount;
        long rowBytes = Math.max(1L, columnCount * header.dtype().byteSize());
        if (rowBytes > MAX_CHUNK_BYTES) {
            throw new DataFormatException(file, "one row takes " + rowBytes
                    + " bytes; rows over 2 GiB are not supported");
        }
        int rowsPerChunk = (int) Math.max(1, Math.min(Math.max(rows, 1),
                MAX_CHUNK_BYTES / rowBytes));
        int chunkCount = rows == 0 ? 0 : (rows + rowsPerChunk - 1) / rowsPerChunk;
        boolean half = header.dtype() == DType.FLOAT16;
        FloatBuffer[] floats = half ? null : new FloatBuffer[chunkCount];
        ShortBuffer[] halves = half ? new ShortBuffer[chunkCount] : null;

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int chunk = 0; chunk < chunkCount; chunk++) {
                long firstRow = (long) chunk * rowsPerChunk;
                long chunkRows = Math.min(rowsPerChunk, rows - firstRow);
                long offset = header.dataOffset() + firstRow * rowBytes;
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, offset,
                        chunkRows * columnCount * header.dtype().byteSize());
                mapped.order(header.order());
                if (half) {
                    halves[chunk] = mapped.asShortBuffer();
                } else {
                    floats[chunk] = mapped.asFloatBuffer();
                }
            }
        }
        return new MappedNpyMatrix(file, header, rows, columns, rowsPerChunk, floats, halves);
    }

    /**
     * Returns the mapped file.
     *
     * @return the file
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the file's header.
     *
     * @return the header
     */
    public NpyHeader header() {
        return header;
    }

    /**
     * Returns the element type stored in the file.
     *
     * @return {@link DType#FLOAT32} or {@link DType#FLOAT16}
     */
    public DType dtype() {
        return header.dtype();
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
        int chunk = row / rowsPerChunk;
        int index = (row - chunk * rowsPerChunk) * columns + column;
        return halfChunks == null ? floatChunks[chunk].get(index)
                : Float16.toFloat(halfChunks[chunk].get(index));
    }

    @Override
    public void copyRow(int row, int fromColumn, float[] destination, int offset, int length) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(fromColumn, length, columns);
        int chunk = row / rowsPerChunk;
        int index = (row - chunk * rowsPerChunk) * columns + fromColumn;
        if (halfChunks == null) {
            floatChunks[chunk].get(index, destination, offset, length);
            return;
        }
        ShortBuffer halves = halfChunks[chunk];
        for (int i = 0; i < length; i++) {
            destination[offset + i] = Float16.toFloat(halves.get(index + i));
        }
    }

    @Override
    public String toString() {
        return "MappedNpyMatrix[" + file + ", " + rows + " x " + columns + ", "
                + header.dtype() + ", shape " + Arrays.toString(header.shape()) + "]";
    }
}
