package io.github.diffviews.io;

import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The element types this library reads from and writes to {@code .npy} files, with numpy's
 * type codes.
 */
public enum DType {
    /** IEEE half precision, numpy {@code f2}. */
    FLOAT16('f', 2),
    /** IEEE single precision, numpy {@code f4}. */
    FLOAT32('f', 4),
    /** IEEE double precision, numpy {@code f8}. */
    FLOAT64('f', 8),
    /** Signed byte, numpy {@code i1}. */
    INT8('i', 1),
    /** Unsigned byte, numpy {@code u1}. */
    UINT8('u', 1),
    /** Signed 16-bit integer, numpy {@code i2}. */
    INT16('i', 2),
    /** Signed 32-bit integer, numpy {@code i4}. */
    INT32('i', 4),
    /** Signed 64-bit integer, numpy {@code i8}. */
    INT64('i', 8),
    /** Boolean stored as one byte, numpy {@code b1}. */
    BOOL('b', 1);

    private final char kind;
    private final int size;

    DType(char kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    /**
     * Returns the number of bytes of one element.
     *
     * @return the element size in bytes
     */
    public int byteSize() {
        return size;
    }

    /**
     * Tells whether this is a floating-point type.
     *
     * @return true for {@link #FLOAT16}, {@link #FLOAT32} and {@link #FLOAT64}
     */
    public boolean isFloatingPoint() {
        return kind == 'f';
    }

    /**
     * Returns numpy's descriptor of this type in the given byte order, for example
     * {@code "<f4"}.
     *
     * @param order the byte order
     * @return the descriptor
     */
    public String descriptor(ByteOrder order) {
        char prefix = size == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return "" + prefix + kind + size;
    }

    /**
     * Parses a numpy descriptor such as {@code "<f4"}, {@code "|u1"} or {@code "float32"}.
     *
     * @param descriptor the descriptor from a header
     * @return the type
     * @throws IllegalArgumentException if the type is not supported
     */
    public static DType parse(String descriptor) {
        String code = descriptor.trim();
        if (!code.isEmpty() && "<>|=".indexOf(code.charAt(0)) >= 0) {
            code = code.substring(1);
        }
        switch (code.toLowerCase(Locale.ROOT)) {
            case "f2":
            case "e":
            case "float16":
                return FLOAT16;
            case "f4":
            case "f":
            case "float32":
                return FLOAT32;
            case "f8":
            case "d":
            case "float64":
                return FLOAT64;
            case "i1":
            case "int8":
                return INT8;
            case "u1":
            case "uint8":
                return UINT8;
            case "i2":
            case "int16":
                return INT16;
            case "i4":
            case "int32":
                return INT32;
            case "i8":
            case "int64":
                return INT64;
            case "b1":
            case "?":
            case "bool":
                return BOOL;
            default:
                throw new IllegalArgumentException("Unsupported numpy dtype '" + descriptor
                        + "' (supported: f2, f4, f8, i1, u1, i2, i4, i8, b1)");
        }
    }

    /**
     * Reads the byte order of a numpy descriptor: {@code >} is big-endian, anything else
     * little-endian (the only order numpy writes on common machines).
     *
     * @param descriptor the descriptor from a header
     * @return the byte order
     */
    public static ByteOrder byteOrder(String descriptor) {
        return descriptor.trim().startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
}
