package io.github.diffviews;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.data.Activations;
import io.github.diffviews.data.NonFiniteCheck;
import io.github.diffviews.data.UnknownLayerException;
import io.github.diffviews.io.DType;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Npy;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDataTest {

    @TempDir
    Path root;

    private Path batch(Path model) {
        return model.resolve("activations/imagenet_real/batch_000000.npy");
    }

    private Path csv(Path model) {
        return model.resolve("embeddings/demo_embeddings.csv");
    }

    @Test
    void open_writtenModel_readsEveryPart() throws IOException {
        Path directory = TestModels.model("dmd2").samples(20).writeUnder(root);

        ModelData model = ModelData.open(directory);

        assertEquals("dmd2", model.name());
        assertEquals(20, model.size());
        assertEquals(2, model.mapDimensions());
        assertTrue(model.samples().table().columnNames().containsAll(
                List.of("sample_id", "class_label", "umap_x", "umap_y", "image_path")));
        Activations activations = model.activations().get();
        assertEquals(20, activations.rows());
        assertEquals(20, activations.width());
        assertEquals(List.of("encoder_bottleneck", "midblock"),
                activations.layout().get().layers(), "layers in sorted order");
        assertEquals(12, activations.layout().get().slice("midblock").offset());
        assertEquals(List.of("encoder_bottleneck", "midblock"),
                model.embeddingParameters().layers());
        assertEquals("class_3", model.className(3));
        assertEquals(80.0, model.samples().sigma(0));
        assertEquals(100.0, model.samples().noiseLevel(0), 1e-9);
    }

    @Test
    void classes_areSortedByIdWithCounts() throws IOException {
        ModelData model = ModelData.open(TestModels.model("m").samples(25).classes(4)
                .writeUnder(root));

        List<ModelData.ClassCount> classes = model.classes();

        assertEquals(List.of(0, 1, 2, 3), classes.stream().map(ModelData.ClassCount::classId)
                .toList());
        assertEquals(7, classes.get(0).count());
        assertEquals(6, classes.get(3).count());
        assertEquals("class_2: 6", classes.get(2).name() + ": " + classes.get(2).count());
        assertArrayEquals(new int[] {1, 5, 9, 13, 17, 21}, model.samplesOfClass(1));
    }

    @Test
    void image_isReadLazilyAsRgb() throws IOException {
        ModelData model = ModelData.open(TestModels.model("m").writeUnder(root));

        BufferedImage image = model.image(3);

        assertEquals(64, image.getWidth());
        assertEquals(64, image.getHeight());
        assertEquals(3, image.getColorModel().getNumColorComponents());
    }

    @Test
    void image_missingFile_isNoSuchFile() throws IOException {
        Path directory = TestModels.model("m").writeUnder(root);
        ModelData model = ModelData.open(directory);
        Files.delete(model.imageFile(2).get());

        assertThrows(NoSuchFileException.class, () -> model.image(2));
    }

    @Test
    void open_imagePathLeavingTheDirectory_isRejected() throws IOException {
        Path directory = TestModels.model("m").writeUnder(root);
        replaceInCsv(directory, "images/imagenet_real/sample_000004.png", "../../etc/passwd");

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().contains("row 4"), error.getMessage());
        assertTrue(error.getMessage().contains("leaves the model directory"),
                error.getMessage());
    }

    @Test
    void image_symbolicLinkOutOfTheDirectory_isRefused() throws IOException {
        Path directory = TestModels.model("m").writeUnder(root);
        Path outside = Files.writeString(root.resolve("secret.txt"), "secret");
        ModelData model = ModelData.open(directory);
        Path image = model.imageFile(1).get();
        Files.delete(image);
        Files.createSymbolicLink(image, outside);

        IOException error = assertThrows(IOException.class, () -> model.image(1));
        assertTrue(error.getMessage().contains("outside the model directory"),
                error.getMessage());
    }

    @Test
    void open_duplicateSampleIds_areRejected() throws IOException {
        Path directory = TestModels.model("m").writeUnder(root);
        replaceInCsv(directory, "sample_000007,", "sample_000003,");

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().contains("'sample_000003' appears in rows 3 and 7"),
                error.getMessage());
    }

    @Test
    void open_negativeClassLabel_isRejectedWithItsRow() throws IOException {
        Path directory = TestModels.model("m").writeUnder(root);
        Path csv = directory.resolve("embeddings/demo_embeddings.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        String[] cells = lines.get(8).split(",", -1);
        assertEquals("sample_000007", cells[0]);
        cells[1] = "-5";
        lines.set(8, String.join(",", cells));
        Files.write(csv, lines);

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().contains("row 7: class_label -5 is negative"),
                error.getMessage());
    }

    @Test
    void open_csvRowsDifferFromActivationRows_namesBothFiles() throws IOException {
        Path directory = TestModels.model("m").samples(20).writeUnder(root);
        List<String> lines = Files.readAllLines(csv(directory));
        Files.write(csv(directory), lines.subList(0, lines.size() - 1));

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().startsWith(csv(directory).toString()), error.getMessage());
        assertTrue(error.getMessage().contains("has 19 rows"), error.getMessage());
        assertTrue(error.getMessage().contains(batch(directory).toString()), error.getMessage());
    }

    @Test
    void open_truncatedActivations_areRejected() throws IOException {
        Path directory = TestModels.model("m").writeUnder(root);
        try (RandomAccessFile file = new RandomAccessFile(batch(directory).toFile(), "rw")) {
            file.setLength(file.length() - 40);
        }

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void open_integerActivations_areRejected() throws IOException {
        Path directory = TestModels.model("m").samples(4).layers(Map.of("midblock", 2))
                .writeUnder(root);
        Npy.write(batch(directory), new long[8], 4, 2);

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().contains("expected float32 or float16"),
                error.getMessage());
    }

    @Test
    void open_float16Activations_areMappedAndConverted() throws IOException {
        Path directory = TestModels.model("m").samples(3).layers(Map.of("midblock", 2))
                .writeUnder(root);
        Npy.write(batch(directory), new float[] {1, 2, 3, 4, 5, 6}, DType.FLOAT16, 3, 2);

        Activations activations = ModelData.open(directory).activations().get();

        assertEquals(DType.FLOAT16, activations.dtype());
        assertArrayEquals(new float[] {5, 6}, activations.matrix().row(2));
    }

    @Test
    void open_nonFiniteActivations_areCountedOrRejected() throws IOException {
        Path directory = TestModels.model("m").samples(4).layers(Map.of("midblock", 2))
                .writeUnder(root);
        float[] values = {1, 2, Float.NaN, 4, 5, Float.POSITIVE_INFINITY, 7, 8};
        Npy.write(batch(directory), values, DType.FLOAT32, 4, 2);

        ModelData model = ModelData.open(directory);
        assertEquals(2, model.activations().get().nonFiniteCount());
        assertEquals(List.of(3), model.activationNeighbors(0, 5).stream()
                .map(Neighbor::index).toList(), "rows with NaN never come back as neighbors");
        IllegalArgumentException query = assertThrows(IllegalArgumentException.class,
                () -> model.activationNeighbors(1, 5));
        assertTrue(query.getMessage().contains("sample 1"), query.getMessage());

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Visualizer.builder(directory).nonFiniteCheck(NonFiniteCheck.REJECT).open());
        assertTrue(error.getMessage().contains("2 activation values are NaN or infinite"),
                error.getMessage());
        assertTrue(error.getMessage().contains("first at sample 1, column 0"),
                error.getMessage());
    }

    @Test
    void open_sidecarDisagreeingWithMatrix_isRejected() throws IOException {
        Path directory = TestModels.model("m").samples(5).writeUnder(root);
        Path sidecar = directory.resolve("activations/imagenet_real/batch_000000.npy.json");
        Files.writeString(sidecar, Files.readString(sidecar).replace("\"total_features\" : 20",
                "\"total_features\" : 21").replace("[ 5, 8 ]", "[ 5, 9 ]"));

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().startsWith(sidecar.toString()), error.getMessage());
    }

    @Test
    void open_misalignedBatchIndex_isRejected() throws IOException {
        Path directory = TestModels.model("m").samples(5).writeUnder(root);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv(directory)));
        String swapped = lines.get(2);
        lines.set(2, lines.get(3));
        lines.set(3, swapped);
        Files.write(csv(directory), lines);

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().contains("misaligned"), error.getMessage());
    }

    @Test
    void activationNeighbors_unknownLayer_listsTheKnownOnes() throws IOException {
        ModelData model = ModelData.open(TestModels.model("m").writeUnder(root));

        UnknownLayerException error = assertThrows(UnknownLayerException.class,
                () -> model.activationNeighbors(0, 3, List.of("decoder_block_9")));
        assertTrue(error.getMessage().contains("encoder_bottleneck, midblock"),
                error.getMessage());
    }

    @Test
    void activationNeighbors_oneLayer_comparesOnlyItsColumns() throws IOException {
        ModelData model = ModelData.open(TestModels.model("m").samples(30).writeUnder(root));
        ActivationLayout.Slice midblock = model.activations().get().layout().get()
                .slice("midblock");

        List<Neighbor> neighbors = model.activationNeighbors(4, 3, List.of("midblock"));

        float[] query = model.activations().get().matrix().row(4);
        for (Neighbor neighbor : neighbors) {
            float[] other = model.activations().get().matrix().row(neighbor.index());
            double sum = 0;
            for (int c = midblock.offset(); c < midblock.offset() + midblock.size(); c++) {
                sum += (query[c] - other[c]) * (query[c] - other[c]);
            }
            assertEquals(Math.sqrt(sum), neighbor.distance(), 1e-4);
        }
    }

    @Test
    void open_noCoordinates_givesAClearMapError() throws IOException {
        Path directory = TestModels.model("m").writeUnder(root);
        dropColumns(directory, "umap_x", "umap_y");

        ModelData model = ModelData.open(directory);

        assertEquals(0, model.mapDimensions());
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> model.mapNeighbors(0, 5));
        assertTrue(error.getMessage().contains("no map coordinates"), error.getMessage());
    }

    @Test
    void open_nanCoordinate_namesTheRow() throws IOException {
        Path directory = TestModels.model("m").samples(6).writeUnder(root);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv(directory)));
        String row = lines.get(5);
        lines.set(5, row.substring(0, row.lastIndexOf(',')) + ",nan");
        Files.write(csv(directory), lines);

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ModelData.open(directory));
        assertTrue(error.getMessage().contains("row 4: umap_y is NaN"), error.getMessage());
    }

    @Test
    void open_threeDimensionalMap_usesAllThreeForNeighbors() throws IOException {
        ModelData model = ModelData.open(TestModels.model("m").mapDimensions(3)
                .writeUnder(root));

        assertEquals(3, model.mapDimensions());
        assertEquals(3, model.mapIndex().dimensions());
    }

    @Test
    void open_fourGigabyteActivations_areMappedNotScannedNorCopied() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.getFileStore(root).getUsableSpace() > (1L << 30),
                "needs 1 GiB of free disk for a sparse 4 GB file");
        int rows = 100_000;
        int width = 10_240;
        Path model = root.resolve("big");
        io.github.diffviews.testing.Json.write(model.resolve("config.json"), "{}");
        StringBuilder csv = new StringBuilder("sample_id,class_label,umap_x,umap_y\n");
        for (int i = 0; i < rows; i++) {
            csv.append('s').append(i).append(',').append(i % 10).append(',').append(i % 317)
                    .append(',').append(i % 211).append('\n');
        }
        Files.createDirectories(model.resolve("embeddings"));
        Files.writeString(model.resolve("embeddings/embeddings.csv"), csv);
        Path npy = batch(model);
        Files.createDirectories(npy.getParent());
        byte[] header = io.github.diffviews.io.NpyHeader.of(DType.FLOAT32, rows, width).encode();
        try (RandomAccessFile file = new RandomAccessFile(npy.toFile(), "rw")) {
            file.write(header);
            file.setLength(header.length + 4L * rows * width);
        }

        ModelData data = ModelData.open(model);

        Activations activations = data.activations().get();
        assertTrue(4L * rows * width > Runtime.getRuntime().maxMemory() / 2);
        assertEquals(rows, activations.rows());
        assertTrue(!activations.nonFiniteCounted(), "matrices over 1 GiB are not scanned at open");
        assertEquals(0f, activations.matrix().get(rows - 1, width - 1));
    }

    private static void replaceInCsv(Path directory, String from, String to) throws IOException {
        Path csv = directory.resolve("embeddings/demo_embeddings.csv");
        String text = Files.readString(csv);
        assertTrue(text.contains(from), "fixture holds " + from);
        Files.writeString(csv, text.replace(from, to));
    }

    private static void dropColumns(Path directory, String... names) throws IOException {
        Path csv = directory.resolve("embeddings/demo_embeddings.csv");
        io.github.diffviews.data.CsvTable table = io.github.diffviews.data.CsvTable.read(csv);
        List<io.github.diffviews.data.Column> kept = table.columns().stream()
                .filter(c -> !List.of(names).contains(c.name())).toList();
        io.github.diffviews.data.CsvTable.of(kept).write(csv);
    }
}
