package io.github.diffviews;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.testing.Json;
import io.github.diffviews.testing.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualizerTest {

    @TempDir
    Path root;

    @Test
    void open_twoModels_discoversBothAndPrefersDmd2() throws IOException {
        TestModels.model("edm").samples(15).writeUnder(root);
        TestModels.model("dmd2").samples(10).writeUnder(root);

        Visualizer visualizer = Visualizer.open(root);

        assertEquals(List.of("dmd2", "edm"), visualizer.models(), "listed in name order");
        assertEquals("dmd2", visualizer.defaultModel(), "dmd2 wins even when created later");
        assertEquals(10, visualizer.model("dmd2").size());
        assertEquals(15, visualizer.model("edm").size());
    }

    @Test
    void open_withoutDmd2_defaultsToTheFirstByName() throws IOException {
        TestModels.model("zeta").writeUnder(root);
        TestModels.model("alpha").writeUnder(root);

        assertEquals("alpha", Visualizer.open(root).defaultModel());
    }

    @Test
    void open_requestedDefault_overridesDmd2() throws IOException {
        TestModels.model("dmd2").writeUnder(root);
        TestModels.model("edm").writeUnder(root);

        Visualizer visualizer = Visualizer.builder(root).defaultModel("edm").open();

        assertEquals("edm", visualizer.defaultModel());
        assertEquals("edm", visualizer.defaultModelData().name());
    }

    @Test
    void open_unknownRequestedDefault_listsTheModels() {
        TestModels.model("dmd2").writeUnder(root);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Visualizer.builder(root).defaultModel("sdxl").open());
        assertTrue(error.getMessage().contains("'sdxl'"), error.getMessage());
        assertTrue(error.getMessage().contains("dmd2"), error.getMessage());
    }

    @Test
    void model_unknownName_isRejectedAndHasModelIsFalse() throws IOException {
        TestModels.model("dmd2").writeUnder(root);
        Visualizer visualizer = Visualizer.open(root);

        assertTrue(visualizer.hasModel("dmd2"));
        assertFalse(visualizer.hasModel("edm"));
        assertThrows(IllegalArgumentException.class, () -> visualizer.model("edm"));
    }

    @Test
    void open_singleModelDirectory_isItsOwnModel() throws IOException {
        Path model = TestModels.model("fashion").writeUnder(root);

        Visualizer visualizer = Visualizer.open(model);

        assertEquals(List.of("fashion"), visualizer.models());
        assertEquals(20, visualizer.defaultModelData().size());
    }

    @Test
    void open_directoriesThatAreNotModels_areSkipped() throws IOException {
        TestModels.model("dmd2").writeUnder(root);
        Files.createDirectories(root.resolve("checkpoints"));
        Json.write(root.resolve("half").resolve("config.json"), "{}");
        Path staging = TestModels.model(".dmd2.partial-1234").writeUnder(root);

        Visualizer visualizer = Visualizer.open(root);

        assertEquals(List.of("dmd2"), visualizer.models());
        assertTrue(Files.isDirectory(staging), "hidden staging directories are never models");
    }

    @Test
    void open_noModel_explainsWhatIsExpected() throws IOException {
        Files.createDirectories(root.resolve("empty"));

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Visualizer.open(root));
        assertTrue(error.getMessage().contains("no model found"), error.getMessage());
        assertTrue(error.getMessage().contains("config.json"), error.getMessage());
    }

    @Test
    void open_missingDirectory_namesIt() {
        Path missing = root.resolve("nope");

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> Visualizer.open(missing));
        assertTrue(error.getMessage().startsWith(missing.toString()), error.getMessage());
    }

    @Test
    void open_brokenModel_failsEagerlyButLazilyOnlyOnAccess() throws IOException {
        TestModels.model("dmd2").writeUnder(root);
        Path edm = TestModels.model("edm").writeUnder(root);
        Files.writeString(edm.resolve("config.json"), "{broken");

        assertThrows(DataFormatException.class, () -> Visualizer.open(root));

        Visualizer lazy = Visualizer.builder(root).lazy(true).open();
        assertEquals(20, lazy.model("dmd2").size());
        UncheckedIOException error = assertThrows(UncheckedIOException.class,
                () -> lazy.model("edm"));
        assertTrue(error.getMessage().contains("config.json"), error.getMessage());
    }

    @Test
    void models_areIsolatedAndSharedAcrossCalls() throws IOException {
        TestModels.model("dmd2").samples(10).writeUnder(root);
        TestModels.model("edm").samples(15).writeUnder(root);
        Visualizer visualizer = Visualizer.open(root);

        ModelData dmd2 = visualizer.model("dmd2");

        assertSame(dmd2, visualizer.model("dmd2"), "one immutable instance per model");
        assertNotSame(dmd2.samples(), visualizer.model("edm").samples());
        assertEquals(10, dmd2.coordinates().get().rows());
        assertEquals(15, visualizer.model("edm").coordinates().get().rows());
    }
}
