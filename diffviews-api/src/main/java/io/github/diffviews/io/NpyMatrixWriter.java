package io.github.diffviews.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Streams rows into a {@code .npy} file whose row count is known only at the end, such as the
 * activation matrix written during extraction. Rows go to a temporary file beside the target;
 * {@link #commit()} writes the final shape into the header and moves the file into place. Closing
 * without committing deletes the temporary file and leaves the target untouched.
 */
public final class NpyMatrixWriter implements AutoCloseable {

    private final Path target;
    private final Path temporary;
    private final DType dtype;
    private final int[] rowShape;
    private final int columns;
    private final int headerLength;
    private final FileChannel channel;
    private final ByteBuffer rowBuffer;
    private int rows;
    private boolean finished;

    private NpyMatrixWriter(Path target, Path temporary, DType dtype, int[] rowShape,
            int columns, int headerLength, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.dtype = dtype;
        this.rowShape = rowShape;
        this.columns = columns;
        this.headerLength = headerLength;
        this.channel = channel;
        this.rowBuffer = ByteBuffer.allocate(Math.multiplyExact(columns, dtype.byteSize()))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Starts a file of rows.
     *
     * @param target the file to create or replace on {@link #commit()}
     * @param dtype {@link DType#FLOAT32} or {@link DType#FLOAT16}
     * @param rowShape the shape of one row, for example {@code (D)} or {@code (C, H, W)}
     * @return the writer
     * @throws IOException if the temporary file cannot be created
     */
    public static NpyMatrixWriter create(Path target, DType dtype, int... rowShape)
            throws IOException {
        if (dtype != DType.FLOAT32 && dtype != DType.FLOAT16) {
            throw new IllegalArgumentException("Rows are written as float32 or float16, not "
                    + dtype);
        }
        long columnCount = 1;
        for (int dim : rowShape) {
            if (dim < 0) {
                throw new IllegalArgumentException("Negative size in row shape "
                        + Arrays.toString(rowShape));
            }
            columnCount = Math.multiplyExact(columnCount, dim);
        }
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = AtomicFiles.temporarySibling(absolute);
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);

        int headerLength = NpyHeader.of(dtype, shapeWithRows(Integer.MAX_VALUE, rowShape))
                .encode().length;
        channel.position(headerLength);
        return new NpyMatrixWriter(absolute, temporary, dtype, rowShape.clone(),
                Math.toIntExact(columnCount), headerLength, channel);
    }

    /**
     * Appends one row.
     *
     * @param row the values, exactly as many as a row holds
     * @throws IOException if writing fails (a full disk, say)
     */
    public void append(float[] row) throws IOException {
        append(row, 0);
    }

    /**
     * Appends one row read from part of an array.
     *
     * @param values the array holding the row
     * @param offset the index of the row's first value
     * @throws IOException if writing fails (a full disk, say)
     */
    public void append(float[] values, int offset) throws IOException {
        if (finished) {
            throw new IllegalStateException("The writer of " + target + " is already finished");
        }
        if (values.length - offset < columns) {
            throw new IllegalArgumentException("A row of " + target + " holds " + columns
                    + " values, only " + (values.length - offset) + " were given");
        }
        rowBuffer.clear();
        for (int i = 0; i < columns; i++) {
            Npy.putFloat(rowBuffer, dtype, values[offset + i]);
        }
        rowBuffer.flip();
        while (rowBuffer.hasRemaining()) {
            channel.write(rowBuffer);
        }
        rows++;
    }

    /**
     * Returns the number of rows appended so far.
     *
     * @return the row count
     */
    public int rows() {
        return rows;
    }

    /**
     * Writes the final header, flushes the data to disk and moves the file over the target.
     *
     * @throws IOException if finishing fails; the target is then unchanged
     */
    public void commit() throws IOException {
        if (finished) {
            throw new IllegalStateException("The writer of " + target + " is already finished");
        }
        byte[] header = NpyHeader.of(dtype, shapeWithRows(rows, rowShape)).encode(headerLength);
        if (header.length != headerLength) {
            throw new IllegalStateException("Header length changed from " + headerLength + " to "
                    + header.length);
        }
        channel.write(ByteBuffer.wrap(header), 0);
        channel.force(true);
        channel.close();
        AtomicFiles.moveIntoPlace(temporary, target);
        finished = true;
    }

    /**
     * Abandons an uncommitted file: the temporary data is deleted and the target left as it was.
     *
     * @throws IOException if the temporary file cannot be deleted
     */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
        if (!finished) {
            finished = true;
            Files.deleteIfExists(temporary);
        }
    }

    private static int[] shapeWithRows(int rows, int[] rowShape) {
        int[] shape = new int[rowShape.length + 1];
        shape[0] = rows;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return shape;
    }
}
