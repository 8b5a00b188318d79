package io.github.diffviews.viz.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelData#projection()} with the UMAP module on the class path, as the viewer runs it:
 * rebuilt by the default backend when nothing is saved, and loaded from beside the CSV when a
 * projection is saved there.
 */
class SavedProjectionTest {

    @TempDir
    Path root;

    @Test
    void projection_savedBesideTheCsv_isLoadedWithoutActivations() throws IOException {
        Path directory = TestModels.model("m").samples(30).writeUnder(root);
        ModelData first = ModelData.open(directory);
        Projection rebuilt = first.projection();
        float[] row = first.activations().get().matrix().row(4);
        float[] expected = rebuilt.transform(row);
        rebuilt.save(first.projectionDirectory());
        assertTrue(Files.isRegularFile(first.projectionDirectory().resolve("projection.json")));
        try (Stream<Path> files = Files.walk(directory.resolve("activations"))) {
            files.sorted(Comparator.reverseOrder()).forEach(SavedProjectionTest::delete);
        }

        ModelData reopened = ModelData.open(directory);
        Projection loaded = reopened.projection();

        assertTrue(reopened.activations().isEmpty(), "nothing left to rebuild from");
        assertEquals(rebuilt.backend(), loaded.backend());
        assertArrayEquals(expected, loaded.transform(row));
        assertSame(loaded, reopened.projection());
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
