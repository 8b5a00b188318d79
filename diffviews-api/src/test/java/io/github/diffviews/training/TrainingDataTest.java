package io.github.diffviews.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.extraction.IdxImageSource;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Idx;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

    @Test
    void of_tensor_copiesImagesAndLabels() throws IOException {
        Tensor images = Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2);
        TrainingData data = TrainingData.of(images, new int[] {1, 0}, 2);

        float[] buffer = new float[6];
        data.copyImage(1, buffer, 2);

        assertArrayEquals(new float[] {0, 0, 5, 6, 7, 8}, buffer);
        assertEquals(1, data.label(0));
        assertEquals(2, data.size());
        assertEquals(1, data.channels());
        assertEquals(2, data.resolution());
    }

    @Test
    void of_tensor_badShapesOrLabels_areRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TrainingData.of(Tensor.zeros(2, 1, 2, 3), new int[2], 2));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingData.of(Tensor.zeros(2, 1, 2, 2), new int[3], 2));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrainingData.of(Tensor.zeros(2, 1, 2, 2), new int[] {0, 5}, 2));
        assertTrue(error.getMessage().contains("Label 5"), error.getMessage());
    }

    @Test
    void fashionMnist_idxFiles_giveTrainingDataAtTheNetworksResolution(@TempDir Path dir)
            throws IOException {
        writeSplit(dir, "train", 3, new byte[] {0, 9, 4});

        TrainingData data = FashionMnist.trainingData(dir, FashionMnist.TRAIN, 32);

        assertEquals(3, data.size());
        assertEquals(32, data.resolution());
        assertEquals(10, data.classCount());
        assertEquals(9, data.label(1));
        float[] image = new float[32 * 32];
        data.copyImage(1, image, 0);
        assertEquals(-1f, image[0], "padding is black");
        assertEquals(1f, image[2 * 32 + 2], "a white pixel of the 28×28 image");
        assertEquals(16, FashionMnist.trainingData(dir, FashionMnist.TRAIN, 16).resolution());
    }

    @Test
    void fashionMnist_truncatedImages_failNamingTheFile(@TempDir Path dir) throws IOException {
        writeSplit(dir, "train", 3, new byte[] {0, 1, 2});
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length - 100));

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> FashionMnist.trainingData(dir, FashionMnist.TRAIN, 32));
        assertEquals(images, error.file());
    }

    @Test
    void fashionMnist_missingFiles_failNamingTheDirectory(@TempDir Path dir) {
        DataFormatException error = assertThrows(DataFormatException.class,
                () -> FashionMnist.trainingData(dir, FashionMnist.TRAIN, 32));
        assertTrue(error.getMessage().contains("train-images-idx3-ubyte"), error.getMessage());
    }

    @Test
    void fashionMnist_classLabelsAndNetwork_describeTheShippedModel() {
        assertEquals("Ankle boot", FashionMnist.classLabels().name(9));
        assertEquals(10, FashionMnist.classLabels().names().size());
        NetworkConfig network = FashionMnist.network();
        assertEquals(10, network.labelDim());
        assertEquals(1, network.imgChannels());
        assertEquals(0.0, network.dropout());
    }

    @Test
    void trainer_engineWithoutTraining_isUnsupportedNamingTheEngine() {
        DiffusionEngine engine = new DiffusionEngine() {
            @Override
            public String name() {
                return "inference-only";
            }

            @Override
            public Denoiser open(NetworkConfig config, Path weights, EngineOptions options) {
                throw new UnsupportedOperationException();
            }
        };

        UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class,
                () -> engine.trainer(FashionMnist.network()));
        assertTrue(error.getMessage().contains("'inference-only'"), error.getMessage());
    }

    /** Writes {@code <split>-images-idx3-ubyte} with white pixels and its labels. */
    static void writeSplit(Path dir, String split, int count, byte[] labels) throws IOException {
        byte[] pixels = new byte[count * 28 * 28];
        java.util.Arrays.fill(pixels, (byte) 255);
        Idx.writeUnsignedBytes(dir.resolve(split + "-images-idx3-ubyte"), pixels, count, 28, 28);
        Idx.writeUnsignedBytes(dir.resolve(split + "-labels-idx1-ubyte"), labels, count);
        assertEquals(count, IdxImageSource.openSplit(dir, split, 28, 1).size());
    }
}
