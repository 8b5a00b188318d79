package io.github.diffviews.io;

import io.github.diffviews.tensor.FloatMatrix;
import io.github.diffviews.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes numpy's {@code .npy} files.
 *
 * <p>Small arrays (weights, goldens, coordinates) are read whole onto the heap with
 * {@link #read(Path)}. Activation matrices, which can be many gigabytes, are opened with
 * {@link #mapMatrix(Path)}: the file is memory-mapped and rows are decoded on access, so opening
 * costs the same whatever the file's size. Writes go to a temporary file that replaces the target
 * only when complete, so a failed write never leaves a truncated array behind.
 */
public final class Npy {

    private static final int HEADER_PROBE = 1 << 16;

    private Npy() {
    }

    /**
     * Reads only the header of a file.
     *
     * @param file the {@code .npy} file
     * @return its header
     * @throws IOException if the file cannot be read or is not a {@code .npy} file
     */
    public static NpyHeader readHeader(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer start = ByteBuffer.allocate((int) Math.min(size, HEADER_PROBE + 12));
            while (start.hasRemaining() && channel.read(start) > 0) {
                // keep reading until the probe is full or the file ends
            }
            start.flip();
            NpyHeader header = NpyHeader.parse(start, file);
            if (header.dataOffset() > start.limit()) {
                ByteBuffer whole = ByteBuffer.allocate((int) header.dataOffset());
                channel.read(whole, 0);
                whole.flip();
                header = NpyHeader.parse(whole, file);
            }
            checkLength(file, header, size);
            return header;
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found", e);
        }
    }

    /**
     * Reads a whole array onto the heap.
     *
     * @param file the {@code .npy} file
     * @return the array
     * @throws IOException if the file cannot be read, is truncated or is not a {@code .npy} file
     */
    public static NpyArray read(Path file) throws IOException {
        NpyHeader header = readHeader(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(header.dataBytes()));
            long position = header.dataOffset();
            while (data.hasRemaining()) {
                int read = channel.read(data, position);
                if (read < 0) {
                    throw new DataFormatException(file, "file ended early");
                }
                position += read;
            }
            data.flip();
            return new NpyArray(header, data);
        }
    }

    /**
     * Reads a whole array from a stream, as stored inside an {@code .npz} archive.
     *
     * @param in the stream, positioned at the magic string; it is read to the end of the array
     * @param source the name to use in messages (the archive and entry, say)
     * @return the array
     * @throws IOException if the stream is truncated or not a {@code .npy} array
     */
    public static NpyArray read(InputStream in, Path source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        ByteBuffer all = ByteBuffer.wrap(bytes.toByteArray());
        NpyHeader header = NpyHeader.parse(all, source);
        checkLength(source, header, all.capacity());
        ByteBuffer data = all.position((int) header.dataOffset()).slice();
        data.limit(Math.toIntExact(header.dataBytes()));
        return new NpyArray(header, data);
    }

    /**
     * Memory-maps a float32 or float16 array as a matrix: rows are the first dimension, columns
     * the product of the others. Nothing is copied onto the heap.
     *
     * @param file the {@code .npy} file
     * @return the mapped matrix
     * @throws IOException if the file cannot be mapped, is truncated, is not floating point or is
     *     stored in Fortran order
     */
    public static MappedNpyMatrix mapMatrix(Path file) throws IOException {
        NpyHeader header = readHeader(file);
        if (header.dtype() != DType.FLOAT32 && header.dtype() != DType.FLOAT16) {
            throw new DataFormatException(file, "expected float32 or float16 activations, found "
                    + header.dtype().descriptor(header.order()));
        }
        if (header.fortranOrder()) {
            throw new DataFormatException(file, "expected C order, found Fortran order "
                    + "(save it with numpy.ascontiguousarray)");
        }
        if (header.shape().length < 1) {
            throw new DataFormatException(file, "expected an array of rows, found a scalar");
        }
        return MappedNpyMatrix.map(file, header);
    }

    /**
     * Writes a tensor as a little-endian float32 array.
     *
     * @param file the target file, replaced atomically
     * @param tensor the values and shape
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Tensor tensor) throws IOException {
        float[] values = tensor.toFloatArray();
        write(file, values, DType.FLOAT32, tensor.shape());
    }

    /**
     * Writes a matrix as a little-endian float32 array of shape {@code (rows, columns)}.
     *
     * @param file the target file, replaced atomically
     * @param matrix the matrix
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, FloatMatrix matrix) throws IOException {
        try (NpyMatrixWriter writer = NpyMatrixWriter.create(file, DType.FLOAT32,
                matrix.columns())) {
            float[] row = new float[matrix.columns()];
            for (int r = 0; r < matrix.rows(); r++) {
                matrix.copyRow(r, row);
                writer.append(row);
            }
            writer.commit();
        }
    }

    /**
     * Writes float values as a little-endian array of a floating-point element type.
     *
     * @param file the target file, replaced atomically
     * @param values the values in C order
     * @param dtype {@link DType#FLOAT32}, {@link DType#FLOAT16} or {@link DType#FLOAT64}
     * @param shape the shape
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, float[] values, DType dtype, int... shape)
            throws IOException {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("Float values cannot be written as " + dtype);
        }
        NpyHeader header = checkedHeader(dtype, values.length, shape);
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(header.dataBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            putFloat(data, dtype, value);
        }
        writeAtomically(file, header, data.array());
    }

    /**
     * Writes double values as a little-endian float64 array.
     *
     * @param file the target file, replaced atomically
     * @param values the values in C order
     * @param shape the shape
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, double[] values, int... shape) throws IOException {
        NpyHeader header = checkedHeader(DType.FLOAT64, values.length, shape);
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(header.dataBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            data.putDouble(value);
        }
        writeAtomically(file, header, data.array());
    }

    /**
     * Writes long values as a little-endian int64 array.
     *
     * @param file the target file, replaced atomically
     * @param values the values in C order
     * @param shape the shape
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, long[] values, int... shape) throws IOException {
        NpyHeader header = checkedHeader(DType.INT64, values.length, shape);
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(header.dataBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            data.putLong(value);
        }
        writeAtomically(file, header, data.array());
    }

    /**
     * Encodes float values as the bytes of a complete {@code .npy} file, for writing into an
     * archive.
     *
     * @param values the values in C order
     * @param dtype a floating-point element type
     * @param shape the shape
     * @return the file's bytes
     */
    public static byte[] encode(float[] values, DType dtype, int... shape) {
        NpyHeader header = checkedHeader(dtype, values.length, shape);
        byte[] head = header.encode();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(head.length + header.dataBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(head);
        for (float value : values) {
            putFloat(out, dtype, value);
        }
        return out.array();
    }

    static void putFloat(ByteBuffer out, DType dtype, float value) {
        switch (dtype) {
            case FLOAT16:
                out.putShort(Float16.fromFloat(value));
                break;
            case FLOAT32:
                out.putFloat(value);
                break;
            case FLOAT64:
                out.putDouble(value);
                break;
            default:
                throw new IllegalArgumentException("Float values cannot be written as " + dtype);
        }
    }

    private static NpyHeader checkedHeader(DType dtype, int count, int... shape) {
        NpyHeader header = NpyHeader.of(dtype, shape);
        if (header.elementCount() != count) {
            throw new IllegalArgumentException("Shape " + java.util.Arrays.toString(shape)
                    + " holds " + header.elementCount() + " values but " + count + " were given");
        }
        return header;
    }

    private static void writeAtomically(Path file, NpyHeader header, byte[] data)
            throws IOException {
        AtomicFiles.write(file, out -> {
            out.write(header.encode());
            out.write(data);
        });
    }

    private static void checkLength(Path file, NpyHeader header, long fileSize)
            throws DataFormatException {
        long expected = header.dataOffset() + header.dataBytes();
        if (fileSize < expected) {
            throw new DataFormatException(file, "truncated: header " + header + " needs "
                    + expected + " bytes, the file has " + fileSize);
        }
    }
}
