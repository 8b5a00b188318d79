package io.github.diffviews.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.spi.BackendException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionFormatTest {

    @TempDir
    Path temp;

    private Path descriptor(String json) throws IOException {
        Path directory = Files.createDirectories(temp.resolve("map.projection"));
        Files.writeString(directory.resolve(ProjectionFormat.DESCRIPTOR_FILE), json);
        return directory;
    }

    @Test
    void readDescriptor_currentVersion_returnsBackend() throws IOException {
        Path directory = descriptor("{\"format\": \"diffviews-projection\", "
                + "\"format_version\": 1, \"backend\": \"native\", \"parameters\": {}}");

        ProjectionFormat.Descriptor descriptor = ProjectionFormat.readDescriptor(directory);

        assertEquals("native", descriptor.backend());
        assertEquals(1, descriptor.version());
    }

    @Test
    void readDescriptor_newerVersion_namesFileAndBothVersions() throws IOException {
        Path directory = descriptor("{\"format\": \"diffviews-projection\", "
                + "\"format_version\": 2, \"backend\": \"native\"}");

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> ProjectionFormat.readDescriptor(directory));

        assertEquals(directory.resolve("projection.json"), error.file());
        assertTrue(error.getMessage().contains("format version 2 is newer than this library "
                + "reads (version 1)"), error.getMessage());
    }

    @Test
    void readDescriptor_otherFormatOrBrokenJson_failsClearly() throws IOException {
        Path other = descriptor("{\"format\": \"pickle\", \"format_version\": 1}");
        assertTrue(assertThrows(DataFormatException.class,
                () -> ProjectionFormat.readDescriptor(other)).getMessage()
                .contains("expected \"format\": \"diffviews-projection\""));

        Path broken = descriptor("{\"format\": ");
        assertTrue(assertThrows(DataFormatException.class,
                () -> ProjectionFormat.readDescriptor(broken)).getMessage()
                .contains("not valid JSON"));
    }

    @Test
    void load_backendNotOnClassPath_namesTheBackendAndTheModule() throws IOException {
        Path directory = descriptor("{\"format\": \"diffviews-projection\", "
                + "\"format_version\": 1, \"backend\": \"native\"}");

        BackendException error = assertThrows(BackendException.class,
                () -> Projections.load(directory));

        assertTrue(error.getMessage().contains("'native'"), error.getMessage());
        assertTrue(error.getMessage().contains("io.github.diffviews:diffviews-umap"),
                error.getMessage());
    }

    @Test
    void metric_fromName_acceptsCaseAndListsChoicesOtherwise() {
        assertEquals(Metric.COSINE, Metric.fromName(" COSINE "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Metric.fromName("hamming"));
        assertTrue(error.getMessage().contains("euclidean, cosine"), error.getMessage());
    }
}
