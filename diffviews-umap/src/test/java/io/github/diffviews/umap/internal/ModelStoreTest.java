package io.github.diffviews.umap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.ProjectionFormat;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @TempDir
    Path temp;

    private static Projection fitted() {
        FloatMatrix rows = PreprocessorTest.KnnTestData.rows(60, 8, 4);
        return new NativeUmapBackend().fit(rows, UmapParameters.builder().epochs(50)
                .extra("layers", List.of("midblock")).build());
    }

    @Test
    void save_projection_writesDescriptorAndArraysOnly() throws IOException {
        Path directory = temp.resolve("map.projection");

        fitted().save(directory);

        assertTrue(Files.exists(directory.resolve(ProjectionFormat.DESCRIPTOR_FILE)));
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                assertTrue(name.endsWith(".npy") || name.equals("projection.json"), name);
            });
        }
        String json = Files.readString(directory.resolve("projection.json"));
        assertTrue(json.contains("\"format_version\" : 1"), json);
        assertTrue(json.contains("\"backend\" : \"native\""), json);
        assertTrue(json.contains("\"layers\" : [ \"midblock\" ]"), json);
        try (Stream<Path> siblings = Files.list(temp)) {
            assertEquals(1, siblings.count(), "no temporary directory left beside it");
        }
    }

    @Test
    void save_projection_isAsReadableAsADirectoryMadeByHand() throws IOException {
        Path directory = temp.resolve("map.projection");
        Path byHand = Files.createDirectory(temp.resolve("by-hand"));

        fitted().save(directory);

        assertEquals(Files.getPosixFilePermissions(byHand),
                Files.getPosixFilePermissions(directory));
    }

    @Test
    void save_overExistingProjection_replacesIt() throws IOException {
        Path directory = temp.resolve("map.projection");
        Projection first = fitted();
        first.save(directory);
        Files.writeString(directory.resolve("stale.npy"), "old");

        first.save(directory);

        assertFalse(Files.exists(directory.resolve("stale.npy")));
        assertArrayEquals(first.embedding().toFloatArray(),
                Projections.load(directory).embedding().toFloatArray());
    }

    @Test
    void save_overUnrelatedDirectory_refuses() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("photos"));
        Files.writeString(directory.resolve("holiday.png"), "not a projection");

        IOException error = assertThrows(IOException.class, () -> fitted().save(directory));

        assertTrue(error.getMessage().contains("not a saved projection"), error.getMessage());
        assertTrue(Files.exists(directory.resolve("holiday.png")));
    }

    @Test
    void load_newerFormatVersion_failsNamingFileAndBothVersions() throws IOException {
        Path directory = temp.resolve("future.projection");
        fitted().save(directory);
        Path descriptor = directory.resolve("projection.json");
        Files.writeString(descriptor, Files.readString(descriptor)
                .replace("\"format_version\" : 1", "\"format_version\" : 7"));

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Projections.load(directory));

        assertEquals(descriptor, error.file());
        assertTrue(error.getMessage().contains("format version 7"), error.getMessage());
        assertTrue(error.getMessage().contains("version 1"), error.getMessage());
    }

    @Test
    void load_truncatedArray_failsNamingTheArray() throws IOException {
        Path directory = temp.resolve("broken.projection");
        fitted().save(directory);
        Path embedding = directory.resolve("embedding.npy");
        byte[] bytes = Files.readAllBytes(embedding);
        Files.write(embedding, java.util.Arrays.copyOf(bytes, bytes.length - 16));

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Projections.load(directory));

        assertTrue(error.getMessage().startsWith(embedding.toString()), error.getMessage());
    }

    @Test
    void load_notAProjection_saysSo() {
        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Projections.load(temp));

        assertTrue(error.getMessage().contains("not a saved projection"), error.getMessage());
    }
}
