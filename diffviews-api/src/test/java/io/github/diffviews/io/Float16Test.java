package io.github.diffviews.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Float16Test {

    @Test
    void toFloat_everyHalf_roundTripsExactly() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float value = Float16.toFloat((short) bits);
            if (Float.isNaN(value)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(value))));
            } else {
                assertEquals((short) bits, Float16.fromFloat(value), "bits " + bits);
            }
        }
    }

    @Test
    void fromFloat_knownValues_matchIeee() {
        assertEquals((short) 0x3c00, Float16.fromFloat(1f));
        assertEquals((short) 0xc000, Float16.fromFloat(-2f));
        assertEquals((short) 0x7bff, Float16.fromFloat(65504f));
        assertEquals((short) 0x7c00, Float16.fromFloat(1e6f));
        assertEquals((short) 0x0001, Float16.fromFloat(5.9604645e-8f));
        assertEquals(5.9604645e-8f, Float16.toFloat((short) 0x0001));
        // 1 + 2^-11 lies exactly between two halves and rounds to the even one (1.0).
        assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f));
    }
}
