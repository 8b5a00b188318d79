package io.github.diffviews.io;

/**
 * Conversions between IEEE 754 half precision (binary16) and {@code float}, exact in the
 * half-to-float direction and rounding to nearest-even in the other.
 */
public final class Float16 {

    private Float16() {
    }

    /**
     * Converts the bits of a half-precision value to a float. Subnormals, infinities and NaN are
     * preserved.
     *
     * @param bits the 16 bits of the half
     * @return the same value as a float
     */
    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;

        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: value = mantissa * 2^-24.
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * Converts a float to the nearest half-precision value, ties to even. Values beyond the half
     * range become infinities; NaN stays NaN.
     *
     * @param value the float
     * @return the 16 bits of the half
     */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;

        if (exponent == 0xff) {
            int nan = mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0;
            return (short) (sign | 0x7c00 | nan);
        }

        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign;
            }
            // Subnormal result: shift the implicit leading one into the mantissa.
            int full = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            int half = full >>> shift;
            int remainder = full & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (remainder > halfway || (remainder == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }

        int half = (halfExponent << 10) | (mantissa >>> 13);
        int remainder = mantissa & 0x1fff;
        if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return (short) (sign | half);
    }
}
