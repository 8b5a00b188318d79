package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.Npy;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DenoiseCommandTest {

    @TempDir
    Path dir;

    @Test
    void denoise_goldenFiles_writesDenoisedAndCaptures() throws IOException {
        Path golden = golden();
        Path out = dir.resolve("out.npy");
        Path captures = dir.resolve("acts");

        Run run = run("denoise", "--config", golden.resolve("config.json").toString(),
                "--weights", golden.resolve("model.safetensors").toString(),
                "--x", golden.resolve("x.npy").toString(),
                "--sigma", golden.resolve("sigma.npy").toString(),
                "--labels", golden.resolve("class_labels.npy").toString(),
                "--out", out.toString(),
                "--capture", "enc.16x16_conv,dec.8x8_in0", "--capture", "midblock",
                "--capture-dir", captures.toString());

        assertEquals(0, run.status, run.err);
        assertClose(golden.resolve("denoised.npy"), out);
        assertClose(golden.resolve("acts/enc.16x16_conv.npy"),
                captures.resolve("enc.16x16_conv.npy"));
        assertClose(golden.resolve("acts/dec.8x8_in0.npy"), captures.resolve("dec.8x8_in0.npy"));
        assertClose(golden.resolve("acts/dec.8x8_in0.npy"), captures.resolve("midblock.npy"));
        assertTrue(run.out.contains("out.npy [3, 3, 16, 16]"), run.out);
    }

    @Test
    void denoise_mask_matchesMaskedDenoised() throws IOException {
        Path golden = golden();
        Path out = dir.resolve("masked.npy");

        Run run = run("denoise", "--config", golden.resolve("config.json").toString(),
                "--weights", golden.resolve("model.safetensors").toString(),
                "--x", golden.resolve("x.npy").toString(),
                "--sigma", golden.resolve("sigma.npy").toString(),
                "--labels", golden.resolve("class_labels.npy").toString(),
                "--mask", "dec.8x8_in0=" + golden.resolve("masked_input.npy"),
                "--out", out.toString());

        assertEquals(0, run.status, run.err);
        assertClose(golden.resolve("masked_denoised.npy"), out);
    }

    @Test
    void denoise_unknownLayer_failsWithOneLineNamingIt() {
        Path golden = golden();

        Run run = run("denoise", "--config", golden.resolve("config.json").toString(),
                "--weights", golden.resolve("model.safetensors").toString(),
                "--x", golden.resolve("x.npy").toString(),
                "--sigma", golden.resolve("sigma.npy").toString(),
                "--out", dir.resolve("o.npy").toString(),
                "--capture", "enc.4x4_block0", "--capture-dir", dir.toString());

        assertEquals(DiffViewsCli.EXIT_FAILURE, run.status);
        assertTrue(run.err.startsWith("diffviews: Unknown layer 'enc.4x4_block0'"), run.err);
        assertEquals(1, run.err.strip().lines().count(), run.err);
    }

    @Test
    void denoise_captureWithoutDirectory_isAUsageError() {
        Path golden = golden();

        Run run = run("denoise", "--config", golden.resolve("config.json").toString(),
                "--weights", golden.resolve("model.safetensors").toString(),
                "--x", golden.resolve("x.npy").toString(),
                "--sigma", golden.resolve("sigma.npy").toString(),
                "--out", dir.resolve("o.npy").toString(), "--capture", "midblock");

        assertEquals(DiffViewsCli.EXIT_USAGE, run.status);
        assertTrue(run.err.contains("--capture needs --capture-dir"), run.err);
    }

    private static void assertClose(Path reference, Path actual) throws IOException {
        Tensor ref = Npy.read(reference).toTensor();
        Tensor got = Npy.read(actual).toTensor();
        assertArrayEquals(ref.shape(), got.shape(), actual.toString());
        double maxDiff = 0;
        for (int i = 0; i < ref.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ref.get(i) - got.get(i)));
        }
        assertTrue(maxDiff <= 1e-4 * ref.maxAbs(), actual + ": max difference " + maxDiff);
    }

    private static Path golden() {
        String shared = System.getProperty("diffviews.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "golden", "edm-tiny-a");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "golden directory " + dir + " is absent (set -Ddiffviews.shared.dir)");
        return dir;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = DiffViewsCli.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private record Run(int status, String out, String err) {
    }
}
