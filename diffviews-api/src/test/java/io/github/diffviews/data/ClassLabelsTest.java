package io.github.diffviews.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.testing.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassLabelsTest {

    @TempDir
    Path root;

    @Test
    void imagenet_bundledIndex_matchesStandardOrder() {
        ClassLabels labels = ClassLabels.imagenet();

        assertEquals(1000, labels.names().size());
        assertEquals("tench", labels.name(0));
        assertEquals("n01440764", labels.synset(0).get());
        assertEquals("macaw", labels.name(88));
        assertEquals("golden_retriever", labels.name(207));
        assertEquals("French_loaf", labels.name(930));
        assertEquals("Unknown class 1000", labels.name(1000));
    }

    @Test
    void find_followsTheSearchOrder() throws IOException {
        Path model = Files.createDirectories(root.resolve("dmd2"));
        assertEquals("tench", ClassLabels.find(model, root).name(0), "bundled last");

        Json.write(root.resolve("imagenet_class_labels.json"), "{\"0\": [\"n0\", \"second\"]}");
        assertEquals("second", ClassLabels.find(model, root).name(0));

        Json.write(root.resolve("imagenet_standard_class_index.json"),
                "{\"0\": [\"n0\", \"first\"]}");
        assertEquals("first", ClassLabels.find(model, root).name(0));

        Json.write(model.resolve("class_labels.json"), "{\"0\": [\"\", \"own\"]}");
        assertEquals("own", ClassLabels.find(model, root).name(0));
    }

    @Test
    void read_badEntry_namesTheClass() {
        Path file = root.resolve("labels.json");
        Json.write(file, "{\"3\": 17}");

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ClassLabels.read(file));
        assertTrue(error.getMessage().contains("class 3"), error.getMessage());
    }

    @Test
    void write_thenRead_roundTrips() throws IOException {
        ClassLabels labels = ClassLabels.of(Map.of(0, "T-shirt/top", 9, "Ankle boot"), "test");
        Path file = root.resolve("class_labels.json");

        labels.write(file);

        assertEquals(labels.names(), ClassLabels.read(file).names());
    }
}
