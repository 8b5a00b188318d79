package io.github.diffviews.extraction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.data.TestFiles;
import io.github.diffviews.generation.NoiseLevels;
import io.github.diffviews.io.Idx;
import io.github.diffviews.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryBuilderTest {

    @TempDir
    Path dir;

    private ImageSource images(int count) throws IOException {
        byte[] pixels = new byte[count * 14 * 14];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 3);
            for (int p = 0; p < 196; p++) {
                pixels[i * 196 + p] = (byte) ((i * 37 + p * (i % 3 + 1)) % 256);
            }
        }
        Path imagesFile = dir.resolve("t10k-images-idx3-ubyte");
        Idx.writeUnsignedBytes(imagesFile, pixels, count, 14, 14);
        Idx.writeUnsignedBytes(dir.resolve("t10k-labels-idx1-ubyte"), labels, count);
        return IdxImageSource.openSplit(dir, "t10k", 16, 1);
    }

    @Test
    void build_imagesAtNoiseLevels_writesAnOpenableDirectory() throws IOException {
        ImageSource source = images(5);
        Path model = dir.resolve("fashion");

        DataDirectoryBuilder.builder(new ContentDenoiser())
                .layers(List.of("midblock", "encoder_bottleneck"))
                .noiseLevels(List.of(100.0, 54.0))
                .classNames(Map.of(0, "T-shirt/top", 1, "Trouser", 2, "Pullover"))
                .batchSize(3)
                .build().build(source, model);

        ModelData data = ModelData.open(model);
        assertEquals(10, data.size(), "5 images x 2 noise levels");
        assertEquals(List.of("encoder_bottleneck", "midblock"),
                data.activations().get().layout().get().layers());
        assertEquals(64 * 8 * 8 * 2, data.activations().get().width());
        assertEquals("sample_000002_n54", data.samples().sampleId(5));
        assertEquals(54.0, data.samples().noiseLevel(5));
        assertEquals(NoiseLevels.toSigma(54), data.samples().sigma(5), 1e-12);
        assertEquals("Pullover", data.className(5));
        assertEquals(data.samples().imagePath(4), data.samples().imagePath(5),
                "both noise levels of an image share its picture");
        assertEquals(16, data.image(5).getWidth());
        assertTrue(data.config().network().isPresent(), "the network is recorded in config");
        assertEquals(0, data.mapDimensions(), "no map without a map fitter");
        assertEquals(5, data.datasetInfo().get().json().get("num_images").asInt());
    }

    @Test
    void build_sameSeedAnyBatchSize_recordsTheSameRows() throws IOException {
        ImageSource source = images(4);

        Path one = DataDirectoryBuilder.builder(new ContentDenoiser()).seed(9).batchSize(1)
                .build().build(source, dir.resolve("one"));
        Path many = DataDirectoryBuilder.builder(new ContentDenoiser()).seed(9).batchSize(7)
                .build().build(source, dir.resolve("many"));
        Path other = DataDirectoryBuilder.builder(new ContentDenoiser()).seed(10).batchSize(7)
                .build().build(source, dir.resolve("other"));

        float[] a = ModelData.open(one).activations().get().matrix().toFloatArray();
        assertArrayEquals(a, ModelData.open(many).activations().get().matrix().toFloatArray());
        assertFalse(java.util.Arrays.equals(a,
                ModelData.open(other).activations().get().matrix().toFloatArray()));
    }

    @Test
    void build_scaledInput_multipliesTheImageBySigma() throws IOException {
        ContentDenoiser denoiser = new ContentDenoiser();
        Path model = DataDirectoryBuilder.builder(denoiser).inputMode(InputMode.SCALED)
                .noiseLevels(List.of(100.0)).layers(List.of("midblock")).build()
                .build(images(1), dir.resolve("scaled"));

        float[] row = ModelData.open(model).activations().get().matrix().row(0);
        double mean = 0;
        LabeledImage image = images(1).get(0);
        for (int j = 0; j < image.image().size(); j++) {
            mean += image.image().get(j) * 80.0;
        }
        mean /= image.image().size();
        assertEquals(mean * 1 + 0 + 80.0, row[0], 1e-3, "value 0 = mean(x) + class + sigma");
    }

    @Test
    void build_cancelled_leavesNothingBehind() throws IOException {
        CancellationToken token = CancellationToken.create();
        ImageSource source = images(6);
        Path model = dir.resolve("cancelled");

        assertThrows(CancellationException.class, () -> DataDirectoryBuilder
                .builder(new ContentDenoiser()).batchSize(2)
                .progress((stage, done, total) -> {
                    if (done >= 4) {
                        token.cancel();
                    }
                })
                .cancellation(token).build().build(source, model));

        assertFalse(Files.exists(model));
        assertEquals(List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
                TestFiles.list(dir), "no staging directory is left");
    }

    @Test
    void build_wrongImageSize_namesTheImageAndBothShapes() throws IOException {
        ImageSource wrong = IdxImageSource.open(writeImages(dir.resolve("x-images-idx3-ubyte"),
                2, 40), null, 40, 1);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DataDirectoryBuilder.builder(new ContentDenoiser()).build()
                        .build(wrong, dir.resolve("m")));
        assertTrue(error.getMessage().contains("[1, 40, 40]"), error.getMessage());
        assertTrue(error.getMessage().contains("[1, 16, 16]"), error.getMessage());
        assertFalse(Files.exists(dir.resolve("m")));
    }

    @Test
    void builder_badOptions_areRejected() {
        DataDirectoryBuilder.Builder builder = DataDirectoryBuilder.builder(
                new ContentDenoiser());

        assertThrows(io.github.diffviews.data.UnknownLayerException.class,
                () -> builder.layers(List.of("decoder_block_99")));
        assertThrows(IllegalArgumentException.class, () -> builder.noiseLevels(List.of(120.0)));
        assertThrows(IllegalArgumentException.class,
                () -> builder.noiseLevels(List.of(50.0, 50.0)));
        assertThrows(IllegalArgumentException.class, () -> builder.batchSize(0));
    }

    private static Path writeImages(Path file, int count, int side) throws IOException {
        Idx.writeUnsignedBytes(file, new byte[count * side * side], count, side, side);
        return file;
    }
}
