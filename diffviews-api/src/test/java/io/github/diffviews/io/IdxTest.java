package io.github.diffviews.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    @Test
    void read_plainAndGzip_giveTheSameValues() throws IOException {
        byte[] pixels = {0, 127, (byte) 255, 1, 2, 3, 4, 5};
        Path plain = dir.resolve("images-idx3-ubyte");
        Idx.writeUnsignedBytes(plain, pixels, 2, 2, 2);
        Path gzip = dir.resolve("images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(Files.readAllBytes(plain));
        }

        for (Path file : new Path[] {plain, gzip}) {
            Idx.IdxArray array = Idx.read(file);
            assertArrayEquals(new int[] {2, 2, 2}, array.shape());
            assertEquals(255, array.getInt(2), "unsigned bytes read as 0-255");
            assertEquals(5, array.getInt(7));
        }
    }

    @Test
    void read_truncated_saysSo() throws IOException {
        Path file = dir.resolve("labels-idx1-ubyte");
        Idx.writeUnsignedBytes(file, new byte[100], 100);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));

        DataFormatException error = assertThrows(DataFormatException.class, () -> Idx.read(file));
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void read_notIdx_isRejected() throws IOException {
        Path text = Files.writeString(dir.resolve("x"), "hello world, not idx");
        Path badGzip = Files.writeString(dir.resolve("y.gz"), "not gzip at all");

        assertTrue(assertThrows(DataFormatException.class, () -> Idx.read(text)).getMessage()
                .contains("not an IDX file"));
        assertThrows(DataFormatException.class, () -> Idx.read(badGzip));
    }

    @Test
    void read_fashionMnistTestLabels_whenInstalled() throws IOException {
        Path labels = Path.of("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(labels),
                "Debian package dataset-fashion-mnist is not installed");

        Idx.IdxArray array = Idx.read(labels);

        assertArrayEquals(new int[] {10000}, array.shape());
        int[] counts = new int[10];
        for (int i = 0; i < array.size(); i++) {
            counts[array.getInt(i)]++;
        }
        for (int count : counts) {
            assertEquals(1000, count, "Fashion-MNIST's test set has 1000 images per class");
        }
    }
}
