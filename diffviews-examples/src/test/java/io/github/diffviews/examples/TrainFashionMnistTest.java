package io.github.diffviews.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainFashionMnistTest {

    @Test
    void main_truncatedLabels_failsNamingTheFile(@TempDir Path dir) throws IOException {
        Idx.writeUnsignedBytes(dir.resolve("train-images-idx3-ubyte"), new byte[4 * 784], 4, 28,
                28);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Idx.writeUnsignedBytes(labels, new byte[4], 4);
        byte[] bytes = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(bytes, bytes.length - 2));

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> TrainFashionMnist.main(new String[] {"--data", dir.toString(), "--out",
                    dir.resolve("out").toString(), "--steps", "1"}));

        assertEquals(labels, error.file());
    }

    @Test
    void main_notAnIdxFile_failsNamingTheFile(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.writeString(images, "this is not an IDX file");
        Idx.writeUnsignedBytes(dir.resolve("train-labels-idx1-ubyte"), new byte[4], 4);

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> TrainFashionMnist.main(new String[] {"--data", dir.toString(), "--out",
                    dir.resolve("out").toString()}));

        assertEquals(images, error.file());
        assertTrue(error.getMessage().contains(images.toString()), error.getMessage());
    }

    @Test
    void main_twoSteps_writesEmaWeights(@TempDir Path dir) throws IOException {
        byte[] pixels = new byte[8 * 784];
        Arrays.fill(pixels, (byte) 128);
        Idx.writeUnsignedBytes(dir.resolve("train-images-idx3-ubyte"), pixels, 8, 28, 28);
        Idx.writeUnsignedBytes(dir.resolve("train-labels-idx1-ubyte"),
                new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, 8);

        String[] args = {"--data", dir.toString(), "--out", dir.resolve("out").toString(),
            "--steps", "2", "--batch", "4", "--threads", "1"};
        TrainFashionMnist.main(args);

        assertTrue(Files.isRegularFile(dir.resolve("out").resolve("ema.safetensors")));
    }
}
