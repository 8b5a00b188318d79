package io.github.diffviews.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.generation.ActivationMasker;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.generation.NoiseMode;
import io.github.diffviews.generation.Sampler;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Concurrent generations on one denoiser, and native memory across many calls. */
class ConcurrencyTest {

    private static final int THREADS = 8;

    @Test
    void generate_eightConcurrentGenerations_equalTheSameSeedsOneByOne() throws Exception {
        PtDenoiser denoiser = Golden.denoiser();
        List<MultistepGenerator> generators = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            generators.add(generator(i));
        }
        List<Generation> sequential = new ArrayList<>();
        for (MultistepGenerator generator : generators) {
            sequential.add(generator.generate(denoiser));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Generation> concurrent = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Generation>> futures = new ArrayList<>();
            for (MultistepGenerator generator : generators) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return generator.generate(denoiser);
                }));
            }
            start.countDown();
            for (Future<Generation> future : futures) {
                concurrent.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        for (int i = 0; i < THREADS; i++) {
            Generation one = sequential.get(i);
            Generation other = concurrent.get(i);
            assertEquals(one.result(), other.result(), "generation " + i);
            assertArrayEquals(one.classes(), other.classes());
            for (int step = 0; step < one.frames().size(); step++) {
                assertArrayEquals(one.trajectory().get(step)[0], other.trajectory().get(step)[0],
                        "trajectory of generation " + i + " at step " + step);
            }
        }
    }

    @Test
    void denoise_manyCalls_leaveNoNativeArraysBehind() {
        PtDenoiser denoiser = Golden.denoiser();
        MultistepGenerator generator = generator(1);
        generator.generate(denoiser);
        int before = denoiser.liveArrays();

        for (int i = 0; i < 20; i++) {
            generator.generate(denoiser);
        }

        assertEquals(before, denoiser.liveArrays(), "arrays held by the denoiser's manager");
    }

    /**
     * 200 generations in a loop; resident memory after warm-up must stop growing. RSS is sampled
     * after a full GC every 10 generations from the 30th (without the GC, the young generation
     * filling up touches new heap pages and RSS climbs by the heap's size before levelling off);
     * the median of the last six samples may exceed the median of the first six by at most 64 MB.
     * Native leaks are caught exactly by {@link #denoise_manyCalls_leaveNoNativeArraysBehind}.
     */
    @Test
    void generate_twoHundredTimes_residentMemoryStopsGrowing() throws IOException {
        PtDenoiser denoiser = Golden.denoiser();
        MultistepGenerator generator = generator(2);
        List<Long> samples = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            generator.generate(denoiser);
            if (i >= 30 && i % 10 == 0) {
                System.gc();
                samples.add(residentKilobytes() / 1024);
            }
        }

        long early = median(samples.subList(0, 6));
        long late = median(samples.subList(samples.size() - 6, samples.size()));
        System.out.printf(Locale.ROOT, "RSS (MB) every 10 generations from the 30th to the "
                + "200th: %s; median of the first six %d, of the last six %d%n", samples, early,
                late);
        assertTrue(late - early < 64, "resident memory grew from " + early + " MB to " + late
                + " MB over 200 generations");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static MultistepGenerator generator(int index) {
        MultistepGenerator.Builder builder = MultistepGenerator.builder().steps(3)
                .sampler(index % 2 == 0 ? Sampler.X0_RENOISE : Sampler.HEUN)
                .noiseMode(NoiseMode.FIXED).seed(100 + index).batchSize(1 + index % 2)
                .capture("midblock", "enc.8x8_down");
        if (index % 3 == 0) {
            builder.masker(ActivationMasker.of(Map.of("encoder_bottleneck",
                    Tensor.full(0.25f * index, 1, 64, 8, 8)), 2));
        }
        if (index % 4 == 1) {
            builder.guidance(2.0);
        }
        return builder.build();
    }

    private static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
