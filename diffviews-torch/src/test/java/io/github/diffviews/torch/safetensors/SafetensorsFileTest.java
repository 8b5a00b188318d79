package io.github.diffviews.torch.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Float16;
import io.github.diffviews.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    @Test
    void write_thenOpen_roundTripsValuesShapesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("model.a.weight", Tensor.of(new float[] {1, -2, 3.5f, 4, 5, 6}, 2, 3));
        tensors.put("model.b", Tensor.of(new float[] {7}, 1));
        tensors.put("scalar", Tensor.of(new float[] {8}));
        Path file = dir.resolve("w.safetensors");

        SafetensorsWriter.write(file, tensors, Map.of("source", "test"));

        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertEquals(tensors.keySet(), read.entries().keySet());
            assertEquals("test", read.metadata().get("source"));
            for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
                assertEquals(entry.getValue(), read.read(entry.getKey()));
            }
        }
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, head.getLong(0) % 8, "data block must start 8-byte aligned");
    }

    @Property(tries = 30)
    void write_anyShape_roundTrips(@ForAll @IntRange(min = 0, max = 5) int rows,
            @ForAll @IntRange(min = 1, max = 7) int columns) throws IOException {
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 0.37) * 100;
        }
        Path file = Files.createTempFile("prop", ".safetensors");
        try {
            SafetensorsWriter.write(file, Map.of("t", Tensor.of(values, rows, columns)),
                    Map.of());
            try (SafetensorsFile read = SafetensorsFile.open(file)) {
                assertEquals(Tensor.of(values, rows, columns), read.read("t"));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void readFloats_halfAndBfloat16_convertToFloat() throws IOException {
        float[] expected = {1.5f, -2.25f, 65504f};
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : expected) {
            data.putShort(Float16.fromFloat(value));
        }
        for (float value : expected) {
            data.putShort((short) (Float.floatToIntBits(value) >>> 16));
        }
        Path file = rawFile("{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[6,12]}}",
                data.array());

        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertArrayEquals(expected, read.readFloats("h"));
            assertArrayEquals(new float[] {1.5f, -2.25f, 65280f}, read.readFloats("b"));
        }
    }

    @Test
    void open_sizeDisagreesWithShape_namesTheTensor() throws IOException {
        Path file = rawFile("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}",
                new byte[12]);

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> SafetensorsFile.open(file));

        assertTrue(error.getMessage().contains("'w'"), error.getMessage());
        assertTrue(error.getMessage().contains("16 bytes"), error.getMessage());
    }

    @Test
    void open_offsetsOutsideOrOverlapping_areRejected() throws IOException {
        Path outside = rawFile("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                new byte[8]);
        Path overlap = rawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                new byte[12]);

        assertThrows(DataFormatException.class, () -> SafetensorsFile.open(outside));
        DataFormatException error = assertThrows(DataFormatException.class,
                () -> SafetensorsFile.open(overlap));
        assertTrue(error.getMessage().contains("overlap"), error.getMessage());
    }

    @Test
    void open_notSafetensors_isRejectedNamingTheFile() throws IOException {
        Path file = dir.resolve("x.npy");
        Files.write(file, "\u0093NUMPY not a safetensors file".getBytes(StandardCharsets.UTF_8));

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> SafetensorsFile.open(file));

        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
    }

    @Test
    void readFloats_integerTensor_isRejectedNamingTheDtype() throws IOException {
        Path file = rawFile("{\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                new byte[8]);

        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            DataFormatException error = assertThrows(DataFormatException.class,
                    () -> read.readFloats("i"));
            assertTrue(error.getMessage().contains("I64"), error.getMessage());
            assertThrows(IllegalArgumentException.class, () -> read.readFloats("missing"));
        }
    }

    @Test
    void open_goldenWeights_lists149Tensors() throws IOException {
        String shared = System.getProperty("diffviews.shared.dir");
        Path file = shared == null ? null
                : Path.of(shared, "golden", "edm-tiny-a", "model.safetensors");
        Assumptions.assumeTrue(file != null && Files.exists(file),
                "golden directory is absent: " + file);

        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertEquals(149, read.entries().size());
            assertArrayEquals(new int[] {32, 3, 3, 3},
                    read.entries().get("model.enc.16x16_conv.weight").shape());
            float[] filter = read.readFloats("model.enc.8x8_down.conv0.resample_filter");
            assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, filter);
        }
    }

    private Path rawFile(String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        length.putLong(json.length);
        out.write(length.array());
        out.write(json);
        out.write(data);
        Path file = Files.createTempFile(dir, "raw", ".safetensors");
        Files.write(file, out.toByteArray());
        return file;
    }
}
