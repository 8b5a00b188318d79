package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void generate_fromSampleAndNeighbors_writesImagesFramesAndSchedule() throws IOException {
        TinyModels.write(root, "tiny", 12);
        Path out = root.resolve("out");

        CliRun run = CliRun.of("generate", "--data-dir", root.toString(), "--sample", "3",
                "--neighbors", "4,5", "--steps", "3", "--count", "2", "--mask-steps", "2",
                "--out", out.toString(), "--json");

        assertEquals(0, run.status(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals(3, result.get("class").asInt(), "the sample's class");
        assertEquals("[3,4,5]", result.get("averaged_samples").toString());
        assertEquals(3, result.get("sigmas").size());
        assertEquals(80.0, result.get("sigmas").get(0).asDouble(), 1e-9);
        assertEquals(2, result.get("images").size());
        assertEquals(6, result.get("frames").size(), "3 steps x 2 images");
        BufferedImage image = ImageIO.read(Path.of(result.get("images").get(1).asText())
                .toFile());
        assertEquals(16, image.getWidth());
        assertTrue(Files.exists(Path.of(result.get("frames").get(5).asText())));
    }

    @Test
    void generate_sameSeedFixedNoise_isReproducibleAndSeedsDiffer() throws IOException {
        TinyModels.write(root, "tiny", 6);

        byte[] first = generateClass(2, 5, "a");
        byte[] again = generateClass(2, 5, "b");
        byte[] other = generateClass(2, 6, "c");

        assertArrayEquals(first, again);
        assertFalse(java.util.Arrays.equals(first, other));
    }

    @Test
    void generate_modelWithoutNetwork_explainsWhatIsMissing() throws IOException {
        TestModels.model("plain").writeUnder(root);

        CliRun run = CliRun.of("generate", "--data-dir", root.toString(), "--class", "1",
                "--out", root.resolve("o").toString());

        assertEquals(1, run.status());
        assertTrue(run.err().contains("no 'network' section"), run.err());
        assertTrue(run.err().contains("config.json"), run.err());
    }

    @Test
    void generate_badOptions_areRejected() throws IOException {
        TinyModels.write(root, "tiny", 6);

        CliRun both = CliRun.of("generate", "--data-dir", root.toString(), "--class", "1",
                "--sample", "2", "--out", root.resolve("o").toString());
        CliRun sampler = CliRun.of("generate", "--data-dir", root.toString(), "--class", "1",
                "--sampler", "ddim", "--out", root.resolve("o").toString());
        CliRun range = CliRun.of("generate", "--data-dir", root.toString(), "--sample", "99",
                "--out", root.resolve("o").toString());

        assertEquals(2, both.status(), both.err());
        assertEquals(2, sampler.status());
        assertTrue(sampler.err().contains("expected x0-renoise, euler or heun"), sampler.err());
        assertEquals(1, range.status());
        assertTrue(range.err().contains("Sample 99 is out of range"), range.err());
    }

    @Test
    void generate_negativeClassHugeStepsOrAFileAsOut_areRejectedWithTheReason()
            throws IOException {
        TinyModels.write(root, "tiny", 6);
        Path file = Files.writeString(root.resolve("afile"), "not a directory");

        CliRun negative = CliRun.of("generate", "--data-dir", root.toString(), "--class", "-5",
                "--out", root.resolve("o").toString());
        CliRun steps = CliRun.of("generate", "--data-dir", root.toString(), "--class", "1",
                "--steps", "100000", "--out", root.resolve("o").toString());
        CliRun guidance = CliRun.of("generate", "--data-dir", root.toString(), "--class", "1",
                "--guidance", "-1e300", "--out", root.resolve("o").toString());
        CliRun onFile = CliRun.of("generate", "--data-dir", root.toString(), "--class", "1",
                "--steps", "1", "--out", file.toString());

        assertEquals(2, negative.status(), negative.err());
        assertTrue(negative.err().contains("--class must be a class id, 0 or more, got -5"),
                negative.err());
        assertEquals(2, steps.status(), steps.err());
        assertTrue(steps.err().contains("--steps must be 1 to 1000"), steps.err());
        assertEquals(2, guidance.status(), guidance.err());
        assertTrue(guidance.err().contains("--guidance must be 0 to 30"), guidance.err());
        assertEquals(1, onFile.status(), onFile.err());
        assertTrue(onFile.err().contains(file + ": is a file, where a directory is needed"),
                onFile.err());
        assertFalse(Files.exists(root.resolve("o")));
    }

    private byte[] generateClass(int classId, long seed, String name) throws IOException {
        Path out = root.resolve(name);
        CliRun run = CliRun.of("generate", "--data-dir", root.toString(), "--class",
                Integer.toString(classId), "--steps", "2", "--seed", Long.toString(seed),
                "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        return Files.readAllBytes(out.resolve("image_000.png"));
    }
}
