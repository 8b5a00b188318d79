package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.ModelData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diffviews demo} on a tiny stand-in for the shipped model ({@code diffviews.home} points
 * at a temporary project holding {@code models/fashion-mnist}) and generated IDX images.
 */
class DemoCommandTest {

    @TempDir
    Path root;

    private String previousHome;
    private Path idx;
    private Path out;

    @BeforeEach
    void shippedModelAndImages() throws IOException {
        TinyModels.sourceModel(root.resolve("home/models/fashion-mnist"));
        idx = TinyModels.idxImages(root.resolve("idx"), 40);
        out = root.resolve("demo");
        previousHome = System.setProperty("diffviews.home", root.resolve("home").toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("diffviews.home");
        } else {
            System.setProperty("diffviews.home", previousHome);
        }
    }

    private CliRun demo(String... extra) {
        String[] base = {"demo", "--no-viewer", "--out", out.toString(), "--data",
            idx.toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void demo_buildsOnceThenReuses() throws IOException {
        CliRun first = demo("--images", "10");
        CliRun second = demo("--images", "10");

        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("Building the demo data in"), first.out());
        assertTrue(first.out().contains("40 samples of 3 classes"), first.out());
        assertEquals(0, second.status(), second.err());
        assertTrue(second.out().contains("Using the demo data in"), second.out());
    }

    @Test
    void demo_failedRebuild_keepsTheDataAlreadyBuilt() throws IOException {
        assertEquals(0, demo("--images", "10").status());
        Path csv = out.resolve("fashion-mnist/embeddings/embeddings.csv");
        String before = Files.readString(csv);
        Path images = idx.resolve("t10k-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, bytes.length - 1000));

        CliRun broken = demo("--images", "10", "--rebuild");

        assertEquals(1, broken.status(), broken.err());
        assertEquals(before, Files.readString(csv));
        assertEquals(40, ModelData.open(out.resolve("fashion-mnist")).size());
        assertEquals(java.util.List.of("fashion-mnist"), FileTreesForTests.list(out),
                "no staging or backup directory is left");

        Files.write(images, bytes);
        CliRun rebuilt = demo("--images", "12", "--rebuild");

        assertEquals(0, rebuilt.status(), rebuilt.err());
        assertTrue(rebuilt.out().contains("Building the demo data in "
                + out.resolve("fashion-mnist").toAbsolutePath()), rebuilt.out());
        assertEquals(48, ModelData.open(out.resolve("fashion-mnist")).size());
        assertEquals(java.util.List.of("fashion-mnist"), FileTreesForTests.list(out));
    }

    @Test
    void demo_failedFirstBuild_leavesNoDirectoryBehind() throws IOException {
        Path images = idx.resolve("t10k-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, bytes.length - 1000));

        CliRun broken = demo("--images", "10");

        assertEquals(1, broken.status(), broken.err());
        assertTrue(broken.err().contains("truncated"), broken.err());
        assertFalse(Files.exists(out), "the demo's directory is removed again");
    }

    @Test
    void demo_imageCountOutOfRange_isRejectedNamingTheOption() {
        CliRun few = demo("--images", "2");
        CliRun negative = demo("--images", "-5");

        assertEquals(2, few.status(), few.err());
        assertTrue(few.err().contains("--images must be 4 to 10000 (the test split), got 2"),
                few.err());
        assertEquals(2, negative.status(), negative.err());
        assertFalse(Files.exists(out.resolve("fashion-mnist")));
    }
}
