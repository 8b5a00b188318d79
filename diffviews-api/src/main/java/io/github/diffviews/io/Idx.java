package io.github.diffviews.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of the MNIST family of datasets (Fashion-MNIST among them), plain or
 * gzip-compressed ({@code .gz}).
 *
 * <p>An IDX file starts with two zero bytes, a type code ({@code 0x08} unsigned byte,
 * {@code 0x09} signed byte, {@code 0x0B} short, {@code 0x0C} int, {@code 0x0D} float,
 * {@code 0x0E} double) and the number of dimensions, then each dimension as a big-endian 32-bit
 * integer, then the values in C order, big-endian.
 */
public final class Idx {

    private static final int MAX_DIMENSIONS = 8;

    private Idx() {
    }

    /**
     * Reads a whole IDX file.
     *
     * @param file the file, {@code .gz} files are decompressed
     * @return the array
     * @throws DataFormatException if the file is not IDX, is truncated, or has an unknown type
     * @throws IOException if it cannot be read
     */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = open(file, new BufferedInputStream(raw, 1 << 16))) {
            return read(new DataInputStream(in), file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found", e);
        } catch (ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated: the file ends before the values "
                    + "its header announces", e);
        }
    }

    private static InputStream open(Path file, InputStream in) throws IOException {
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16)
                : in;
    }

    private static IdxArray read(DataInputStream in, Path file) throws IOException {
        int zero = in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int rank = in.readUnsignedByte();
        if (zero != 0) {
            throw new DataFormatException(file, "not an IDX file (the magic number must start "
                    + "with two zero bytes)");
        }
        if (rank == 0 || rank > MAX_DIMENSIONS) {
            throw new DataFormatException(file, "bad IDX header: " + rank + " dimensions");
        }
        int[] shape = new int[rank];
        long count = 1;
        for (int axis = 0; axis < rank; axis++) {
            shape[axis] = in.readInt();
            if (shape[axis] < 0) {
                throw new DataFormatException(file, "bad IDX header: dimension " + axis
                        + " is " + shape[axis]);
            }
            count = Math.multiplyExact(count, shape[axis]);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file, "too large: " + Arrays.toString(shape));
        }

        int n = (int) count;
        switch (type) {
            case 0x08:
            case 0x09: {
                byte[] bytes = new byte[n];
                in.readFully(bytes);
                return new IdxArray(shape, type == 0x08, bytes, null);
            }
            case 0x0B:
            case 0x0C:
            case 0x0D:
            case 0x0E: {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = type == 0x0B ? in.readShort() : type == 0x0C ? in.readInt()
                            : type == 0x0D ? in.readFloat() : in.readDouble();
                }
                return new IdxArray(shape, false, null, values);
            }
            default:
                throw new DataFormatException(file, String.format(java.util.Locale.ROOT,
                        "unknown IDX type code 0x%02X", type));
        }
    }

    /**
     * Writes unsigned bytes as a plain (uncompressed) IDX file, for tests and tools.
     *
     * @param file the target file, replaced atomically
     * @param values the bytes in C order
     * @param shape the shape
     * @throws IOException if the file cannot be written
     */
    public static void writeUnsignedBytes(Path file, byte[] values, int... shape)
            throws IOException {
        long count = 1;
        for (int dim : shape) {
            count *= dim;
        }
        if (count != values.length || shape.length == 0 || shape.length > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape)
                    + " does not hold " + values.length + " values");
        }
        AtomicFiles.write(file, out -> {
            java.io.DataOutputStream data = new java.io.DataOutputStream(out);
            data.writeShort(0);
            data.writeByte(0x08);
            data.writeByte(shape.length);
            for (int dim : shape) {
                data.writeInt(dim);
            }
            data.write(values);
            data.flush();
        });
    }

    /**
     * An IDX array held on the heap.
     */
    public static final class IdxArray {

        private final int[] shape;
        private final boolean unsigned;
        private final byte[] bytes;
        private final double[] values;

        IdxArray(int[] shape, boolean unsigned, byte[] bytes, double[] values) {
            this.shape = shape;
            this.unsigned = unsigned;
            this.bytes = bytes;
            this.values = values;
        }

        /**
         * Returns a copy of the shape.
         *
         * @return the shape, for example {@code (10000, 28, 28)} for images
         */
        public int[] shape() {
            return shape.clone();
        }

        /**
         * Returns the number of values.
         *
         * @return the product of the shape
         */
        public int size() {
            return bytes != null ? bytes.length : values.length;
        }

        /**
         * Returns one value by flat index.
         *
         * @param index the C-order index
         * @return the value (unsigned bytes as 0-255)
         */
        public double get(int index) {
            if (bytes != null) {
                return unsigned ? bytes[index] & 0xff : bytes[index];
            }
            return values[index];
        }

        /**
         * Returns one value as an int, for labels and pixels.
         *
         * @param index the C-order index
         * @return the value, truncated toward zero
         */
        public int getInt(int index) {
            return (int) get(index);
        }
    }
}
