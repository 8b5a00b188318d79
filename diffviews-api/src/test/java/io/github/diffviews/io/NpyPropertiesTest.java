package io.github.diffviews.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class NpyPropertiesTest {

    private static Path dir;

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("npy-properties");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        io.github.diffviews.data.TestFiles.deleteTree(dir);
    }

    @Property(tries = 200)
    void roundTrip_randomShapesAndBothDtypes_preservesValues(@ForAll("shapes") int[] shape,
            @ForAll("floatTypes") DType dtype, @ForAll long seed) throws IOException {
        int size = 1;
        for (int dim : shape) {
            size *= dim;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            float value = (float) (random.nextGaussian() * 100);
            values[i] = dtype == DType.FLOAT16 ? Float16.toFloat(Float16.fromFloat(value))
                    : value;
        }
        Path file = dir.resolve("p-" + seed + "-" + dtype + ".npy");

        Npy.write(file, values, dtype, shape);

        NpyArray read = Npy.read(file);
        assertArrayEquals(shape, read.shape());
        assertEquals(dtype, read.dtype());
        assertArrayEquals(values, read.toFloatArray());
        if (shape.length > 0) {
            assertArrayEquals(values, Npy.mapMatrix(file).toFloatArray());
        }
    }

    @Provide
    Arbitrary<int[]> shapes() {
        Arbitrary<Integer> dim = Arbitraries.integers().between(0, 7);
        return Arbitraries.integers().between(0, 4).flatMap(rank ->
                Combinators.combine(dim.list().ofSize(rank), Arbitraries.just(rank))
                        .as((dims, r) -> dims.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Provide
    Arbitrary<DType> floatTypes() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT16);
    }
}
