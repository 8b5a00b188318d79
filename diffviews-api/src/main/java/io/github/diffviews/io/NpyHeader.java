package io.github.diffviews.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The header of a {@code .npy} file: element type, byte order, memory order and shape, plus where
 * the data starts. Versions 1.0, 2.0 and 3.0 of the format are read; version 1.0 is written
 * unless the header needs the larger length field of 2.0.
 *
 * @see <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">
 *     The .npy format</a>
 */
public final class NpyHeader {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;

    private final DType dtype;
    private final ByteOrder order;
    private final boolean fortranOrder;
    private final int[] shape;
    private final long dataOffset;
    private final int majorVersion;

    private NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, int[] shape,
            long dataOffset, int majorVersion) {
        this.dtype = dtype;
        this.order = order;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.dataOffset = dataOffset;
        this.majorVersion = majorVersion;
    }

    /**
     * Creates the header of a C-order, little-endian array to be written.
     *
     * @param dtype the element type
     * @param shape the shape
     * @return the header, its data offset set for the encoded length
     */
    public static NpyHeader of(DType dtype, int... shape) {
        for (int size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("Negative size in shape "
                        + Arrays.toString(shape));
            }
        }
        NpyHeader draft = new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape.clone(), 0, 1);
        byte[] encoded = draft.encode();
        return new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape.clone(), encoded.length,
                encoded.length > 65535 + 10 ? 2 : 1);
    }

    /**
     * Parses a header from the start of a file.
     *
     * @param start the first bytes of the file (at least the whole header); position unchanged
     * @param source the file name, for messages
     * @return the header
     * @throws DataFormatException if the bytes are not a supported {@code .npy} header
     */
    public static NpyHeader parse(ByteBuffer start, java.nio.file.Path source)
            throws DataFormatException {
        ByteBuffer in = start.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 10) {
            throw new DataFormatException(source, "too short for a .npy file ("
                    + in.remaining() + " bytes)");
        }
        byte[] magic = new byte[6];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new DataFormatException(source, "not a .npy file (magic string missing)");
        }

        int major = in.get() & 0xff;
        in.get();
        long headerLength;
        if (major == 1) {
            headerLength = in.getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            if (in.remaining() < 4) {
                throw new DataFormatException(source, "truncated .npy header");
            }
            headerLength = in.getInt() & 0xffffffffL;
        } else {
            throw new DataFormatException(source, "unsupported .npy format version " + major
                    + " (versions 1, 2 and 3 are supported)");
        }
        if (in.remaining() < headerLength) {
            throw new DataFormatException(source, "truncated .npy header: " + headerLength
                    + " bytes announced, " + in.remaining() + " present");
        }

        byte[] text = new byte[(int) headerLength];
        in.get(text);
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        long offset = in.position() - start.position();
        return fromDictionary(dict, offset, major, source);
    }

    private static NpyHeader fromDictionary(String dict, long offset, int major,
            java.nio.file.Path source) throws DataFormatException {
        String descr = stringValue(dict, "descr", source);
        DType dtype;
        try {
            dtype = DType.parse(descr);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(source, e.getMessage(), e);
        }
        String fortran = rawValue(dict, "fortran_order", source);
        boolean fortranOrder;
        if (fortran.startsWith("True")) {
            fortranOrder = true;
        } else if (fortran.startsWith("False")) {
            fortranOrder = false;
        } else {
            throw new DataFormatException(source, "bad fortran_order in .npy header: " + fortran);
        }
        int[] shape = shapeValue(rawValue(dict, "shape", source), source);
        return new NpyHeader(dtype, DType.byteOrder(descr), fortranOrder, shape, offset, major);
    }

    private static String rawValue(String dict, String key, java.nio.file.Path source)
            throws DataFormatException {
        int at = indexOfKey(dict, key);
        if (at < 0) {
            throw new DataFormatException(source, "the .npy header has no '" + key + "': "
                    + dict.trim());
        }
        int colon = dict.indexOf(':', at);
        if (colon < 0) {
            throw new DataFormatException(source, "malformed .npy header: " + dict.trim());
        }
        return dict.substring(colon + 1).trim();
    }

    private static int indexOfKey(String dict, String key) {
        int single = dict.indexOf("'" + key + "'");
        return single >= 0 ? single : dict.indexOf("\"" + key + "\"");
    }

    private static String stringValue(String dict, String key, java.nio.file.Path source)
            throws DataFormatException {
        String raw = rawValue(dict, key, source);
        if (raw.isEmpty() || (raw.charAt(0) != '\'' && raw.charAt(0) != '"')) {
            throw new DataFormatException(source, "the .npy header's '" + key
                    + "' is not a simple type string (structured dtypes are not supported): "
                    + raw);
        }
        int end = raw.indexOf(raw.charAt(0), 1);
        if (end < 0) {
            throw new DataFormatException(source, "malformed .npy header: " + dict.trim());
        }
        return raw.substring(1, end);
    }

    private static int[] shapeValue(String raw, java.nio.file.Path source)
            throws DataFormatException {
        if (!raw.startsWith("(")) {
            throw new DataFormatException(source, "bad shape in .npy header: " + raw);
        }
        int end = raw.indexOf(')');
        if (end < 0) {
            throw new DataFormatException(source, "bad shape in .npy header: " + raw);
        }
        List<Integer> dims = new ArrayList<>();
        for (String part : raw.substring(1, end).split(",")) {
            String dim = part.trim();
            if (dim.endsWith("L")) {
                dim = dim.substring(0, dim.length() - 1);
            }
            if (dim.isEmpty()) {
                continue;
            }
            try {
                long value = Long.parseLong(dim);
                if (value < 0 || value > Integer.MAX_VALUE) {
                    throw new DataFormatException(source, "shape dimension " + value
                            + " out of range");
                }
                dims.add((int) value);
            } catch (NumberFormatException e) {
                throw new DataFormatException(source, "bad shape in .npy header: " + raw, e);
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Encodes this header as the bytes that start a file: magic, version, length and the
     * dictionary padded with spaces so the data starts 64-byte aligned.
     *
     * @return the encoded header
     */
    public byte[] encode() {
        return encode(0);
    }

    /**
     * Encodes this header padded to at least a given length, so that a header written before the
     * final shape is known can later be overwritten in place.
     *
     * @param minimumLength the smallest length of the result, in bytes
     * @return the encoded header, a multiple of 64 bytes long
     */
    public byte[] encode(int minimumLength) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(dtype.descriptor(order)).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dict.append(shape.length == 1 ? "," : ", ");
            }
        }
        dict.append("), }");

        int prefix = 10;
        int total = prefix + dict.length() + 1;
        int padded = align(Math.max(total, minimumLength));
        boolean large = padded - prefix > 65535;
        if (large) {
            prefix = 12;
            total = prefix + dict.length() + 1;
            padded = align(Math.max(total, minimumLength));
        }
        while (dict.length() + prefix + 1 < padded) {
            dict.append(' ');
        }
        dict.append('\n');

        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC);
        out.put((byte) (large ? 2 : 1)).put((byte) 0);
        if (large) {
            out.putInt(text.length);
        } else {
            out.putShort((short) text.length);
        }
        out.put(text);
        return out.array();
    }

    private static int align(int length) {
        return (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /**
     * Returns the element type.
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Returns the byte order of the elements.
     *
     * @return the byte order
     */
    public ByteOrder order() {
        return order;
    }

    /**
     * Tells whether the data is stored in Fortran (column-major) order.
     *
     * @return true for Fortran order
     */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /**
     * Returns a copy of the shape.
     *
     * @return the shape
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Returns the byte offset of the first element in the file.
     *
     * @return the data offset
     */
    public long dataOffset() {
        return dataOffset;
    }

    /**
     * Returns the major version of the format the header was read from.
     *
     * @return 1, 2 or 3
     */
    public int majorVersion() {
        return majorVersion;
    }

    /**
     * Returns the number of elements.
     *
     * @return the product of the shape
     */
    public long elementCount() {
        long count = 1;
        for (int dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /**
     * Returns the number of data bytes that must follow the header.
     *
     * @return elements times element size
     */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), dtype.byteSize());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "npy v%d %s %s%s", majorVersion,
                dtype.descriptor(order), Arrays.toString(shape), fortranOrder ? " (Fortran)" : "");
    }
}
