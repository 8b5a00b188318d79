package io.github.diffviews.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.tensor.FloatMatrix;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void write_thenRead_roundTripsFloat32() throws IOException {
        float[] values = {1f, -2.5f, 3.25f, Float.NaN, Float.POSITIVE_INFINITY, 0f};
        Path file = dir.resolve("a.npy");
        Npy.write(file, values, DType.FLOAT32, 2, 3);

        NpyArray array = Npy.read(file);

        assertArrayEquals(new int[] {2, 3}, array.shape());
        assertEquals(DType.FLOAT32, array.dtype());
        assertArrayEquals(values, array.toFloatArray());
        assertEquals(0, Npy.readHeader(file).dataOffset() % 64, "data is 64-byte aligned");
    }

    @Test
    void write_headerText_matchesNumpyFormat() throws IOException {
        Path file = dir.resolve("h.npy");
        Npy.write(file, new float[3], DType.FLOAT32, 3);

        byte[] bytes = Files.readAllBytes(file);
        String header = new String(bytes, 10, 60, StandardCharsets.ISO_8859_1);

        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"),
                header);
        assertEquals(1, bytes[6]);
    }

    @Test
    void read_versionTwoAndThreeHeaders_areAccepted() throws IOException {
        for (int version : new int[] {2, 3}) {
            Path file = dir.resolve("v" + version + ".npy");
            writeRaw(file, version, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                    floats(ByteOrder.LITTLE_ENDIAN, 1.5f, -7f));

            NpyArray array = Npy.read(file);

            assertEquals(version, array.header().majorVersion());
            assertArrayEquals(new float[] {1.5f, -7f}, array.toFloatArray());
        }
    }

    @Test
    void read_bigEndianAndFortranOrder_returnsCOrderValues() throws IOException {
        Path file = dir.resolve("f.npy");
        // A 2x3 matrix [[1,2,3],[4,5,6]] stored column by column, big-endian.
        writeRaw(file, 1, "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3), }",
                floats(ByteOrder.BIG_ENDIAN, 1, 4, 2, 5, 3, 6));

        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Npy.read(file).toFloatArray());
        DataFormatException mapped = assertThrows(DataFormatException.class,
                () -> Npy.mapMatrix(file));
        assertTrue(mapped.getMessage().contains("Fortran"), mapped.getMessage());
    }

    @Test
    void read_float16_convertsExactly() throws IOException {
        Path file = dir.resolve("half.npy");
        float[] values = {0.5f, -1f, 65504f, 0.099975586f};
        Npy.write(file, values, DType.FLOAT16, 4);

        assertEquals(DType.FLOAT16, Npy.readHeader(file).dtype());
        assertArrayEquals(values, Npy.read(file).toFloatArray());
        assertArrayEquals(values, Npy.mapMatrix(file).toFloatArray());
    }

    @Test
    void read_float64AndInt64_keepTheirValues() throws IOException {
        Path doubles = dir.resolve("d.npy");
        Path longs = dir.resolve("l.npy");
        Npy.write(doubles, new double[] {Math.PI, 1e300}, 2);
        Npy.write(longs, new long[] {Long.MAX_VALUE, -3}, 1, 2);

        assertArrayEquals(new double[] {Math.PI, 1e300}, Npy.read(doubles).toDoubleArray());
        assertArrayEquals(new long[] {Long.MAX_VALUE, -3}, Npy.read(longs).toLongArray());
    }

    @Test
    void read_truncatedFile_namesFileAndSizes() throws IOException {
        Path file = dir.resolve("t.npy");
        Npy.write(file, new float[100], DType.FLOAT32, 10, 10);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 7);
        }

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Npy.mapMatrix(file));

        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void read_notNpy_isRejected() throws IOException {
        Path file = dir.resolve("x.npy");
        Files.writeString(file, "hello, this is not numpy");

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Npy.read(file));
        assertTrue(error.getMessage().contains("not a .npy file"), error.getMessage());
    }

    @Test
    void mapMatrix_integerArray_isRejectedAsNonFloat() throws IOException {
        Path file = dir.resolve("ints.npy");
        Npy.write(file, new long[] {1, 2, 3, 4}, 2, 2);

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Npy.mapMatrix(file));
        assertTrue(error.getMessage().contains("expected float32 or float16"),
                error.getMessage());
    }

    @Test
    void mapMatrix_fourDimensional_flattensTrailingAxes() throws IOException {
        Path file = dir.resolve("acts.npy");
        float[] values = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Npy.write(file, values, DType.FLOAT32, 2, 3, 2, 2);

        MappedNpyMatrix matrix = Npy.mapMatrix(file);

        assertEquals(2, matrix.rows());
        assertEquals(12, matrix.columns());
        assertEquals(17f, matrix.get(1, 5));
        float[] part = new float[3];
        matrix.copyRow(1, 2, part, 0, 3);
        assertArrayEquals(new float[] {14, 15, 16}, part);
    }

    @Test
    void mapMatrix_sparseFourGigabyteFile_opensWithoutCopyingIt() throws IOException {
        Path file = dir.resolve("big.npy");
        int rows = 100_000;
        int columns = 10_240;
        byte[] header = NpyHeader.of(DType.FLOAT32, rows, columns).encode();
        long length = header.length + 4L * rows * columns;
        Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > (1L << 30),
                "needs 1 GiB of free disk for a sparse 4 GB file");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(length);
            raf.seek(length - 4);
            raf.write(floats(ByteOrder.LITTLE_ENDIAN, 42f));
        }

        MappedNpyMatrix matrix = Npy.mapMatrix(file);

        assertTrue(length > Runtime.getRuntime().maxMemory() / 2,
                "the matrix is larger than half the test heap, so it cannot have been copied");
        assertEquals(rows, matrix.rows());
        assertEquals(42f, matrix.get(rows - 1, columns - 1));
        assertEquals(0f, matrix.get(rows / 2, 17));
    }

    @Test
    void matrixWriter_commit_writesAllRowsAndFinalShape() throws IOException {
        Path file = dir.resolve("rows.npy");
        try (NpyMatrixWriter writer = NpyMatrixWriter.create(file, DType.FLOAT32, 3)) {
            for (int r = 0; r < 1000; r++) {
                writer.append(new float[] {r, -r, r * 0.5f});
            }
            assertFalse(Files.exists(file), "nothing appears before commit");
            writer.commit();
        }

        MappedNpyMatrix matrix = Npy.mapMatrix(file);
        assertEquals(1000, matrix.rows());
        assertArrayEquals(new float[] {999, -999, 499.5f}, matrix.row(999));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void matrixWriter_closeWithoutCommit_leavesExistingFileUntouched() throws IOException {
        Path file = dir.resolve("keep.npy");
        Npy.write(file, Tensor.of(new float[] {1, 2}, 1, 2));

        try (NpyMatrixWriter writer = NpyMatrixWriter.create(file, DType.FLOAT32, 2)) {
            writer.append(new float[] {9, 9});
        }

        assertArrayEquals(new float[] {1, 2}, Npy.read(file).toFloatArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void write_matrix_roundTripsThroughMapping() throws IOException {
        Path file = dir.resolve("m.npy");
        FloatMatrix matrix = FloatMatrix.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});

        Npy.write(file, matrix);

        assertArrayEquals(matrix.toFloatArray(), Npy.mapMatrix(file).toFloatArray());
    }

    @Test
    void read_goldenInput_hasRecordedShape() throws IOException {
        Path golden = Path.of(System.getProperty("diffviews.shared.dir", "../../shared"),
                "golden", "edm-tiny-a", "x.npy");
        Assumptions.assumeTrue(Files.exists(golden), "shared golden files are absent: "
                + golden);

        NpyArray array = Npy.read(golden);

        assertArrayEquals(new int[] {3, 3, 16, 16}, array.shape());
        assertEquals(DType.FLOAT32, array.dtype());
    }

    private static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(order);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static void writeRaw(Path file, int version, String dict, byte[] data)
            throws IOException {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(12 + text.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(NpyHeader.MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) text.length);
        } else {
            out.putInt(text.length);
        }
        out.put(text).put(data);
        Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
    }
}
