package io.github.diffviews.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.io.Npy;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Access to {@code shared/golden/edm-tiny-a} and the tolerance check of the golden tests:
 * {@code max|ours − ref| ≤ 1e-4 · max|ref|} per tensor. The worst relative error seen per tensor
 * is kept for the summary printed by {@link #report()}.
 */
final class Golden {

    static final double TOLERANCE = 1e-4;

    private static final Map<String, Double> WORST = new ConcurrentSkipListMap<>();

    private static PtDenoiser denoiser;

    private Golden() {
    }

    /** Returns the golden directory, skipping the test (with the reason) when it is absent. */
    static Path dir() {
        String shared = System.getProperty("diffviews.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "golden", "edm-tiny-a");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "golden directory " + dir + " is absent (set -Ddiffviews.shared.dir)");
        return dir;
    }

    static Tensor npy(String relative) {
        try {
            return Npy.read(dir().resolve(relative)).toTensor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] npyDoubles(String relative) {
        try {
            return Npy.read(dir().resolve(relative)).toDoubleArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NetworkConfig config() {
        try {
            return NetworkConfig.read(dir().resolve("config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One denoiser of the golden network shared by the tests of a JVM. */
    static synchronized PtDenoiser denoiser() {
        Path weights = dir().resolve("model.safetensors");
        if (denoiser == null) {
            DiffusionEngine engine = new PtEngineProvider().get();
            try {
                denoiser = (PtDenoiser) engine.open(config(), weights, EngineOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return denoiser;
    }

    /** Asserts the golden tolerance and records the relative error. */
    static void assertClose(String name, Tensor reference, Tensor actual) {
        assertArrayEquals(reference.shape(), actual.shape(), name + " shape");
        assertClose(name, reference.toFloatArray(), toDoubles(actual.toFloatArray()));
    }

    static void assertClose(String name, float[] reference, double[] actual) {
        double[] ref = new double[reference.length];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = reference[i];
        }
        assertClose(name, ref, actual);
    }

    static void assertClose(String name, double[] reference, double[] actual) {
        assertTrue(reference.length == actual.length, name + ": " + actual.length
                + " values, expected " + reference.length);
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < reference.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(reference[i]));
            double diff = Math.abs(reference[i] - actual[i]);
            maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxDiff, diff);
        }
        double relative = maxDiff / maxRef;
        WORST.merge(name, relative, Math::max);
        assertTrue(relative <= TOLERANCE, String.format(Locale.ROOT,
                "%s: max|ours - ref| = %.3g, which is %.3g of max|ref| = %.3g (tolerance %.0e)",
                name, maxDiff, relative, maxRef, TOLERANCE));
    }

    static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }

    /** Prints the worst relative error of every tensor checked so far. */
    static void report() {
        StringBuilder text = new StringBuilder("Golden worst relative errors:");
        WORST.forEach((name, error) -> text.append(String.format(Locale.ROOT, "%n  %-40s %.2e",
                name, error)));
        System.out.println(text);
    }
}
