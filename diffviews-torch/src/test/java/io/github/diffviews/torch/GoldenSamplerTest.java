package io.github.diffviews.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.generation.NoiseSource;
import io.github.diffviews.generation.Sampler;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The three samplers of {@link MultistepGenerator} on the golden network against
 * {@code shared/golden/edm-tiny-a/sampler}: every network call, every intermediate state and the
 * result.
 */
class GoldenSamplerTest {

    private static final int ITEM = 2 * 3 * 16 * 16;

    @AfterAll
    static void printWorstErrors() {
        Golden.report();
    }

    @Test
    void heun_goldenLatents_matchesEdmSamplerCallByCall() {
        Recording denoiser = new Recording(Golden.denoiser());
        Generation generation = generator(Sampler.HEUN, 6).sigmaRange(80, 0.002).rho(7)
                .build().generate(denoiser);

        double[] tSteps = Golden.npyDoubles("sampler/t_steps.npy");
        Golden.assertClose("sampler/t_steps", tSteps, generation.sigmas());

        double[] callSigma = Golden.npyDoubles("sampler/heun_call_sigma.npy");
        assertEquals(11, denoiser.calls.size());
        double[] calledAt = denoiser.calls.stream().mapToDouble(c -> c.sigmas()[0]).toArray();
        Golden.assertClose("sampler/heun_call_sigma", callSigma, calledAt);

        double[] denoised = Golden.npyDoubles("sampler/heun_call_denoised.npy");
        double[] predictor = Golden.npyDoubles("sampler/heun_predictor_x.npy");
        for (int k = 0; k < 11; k++) {
            Golden.assertClose("sampler/heun_call_denoised[" + k + "]", slice(denoised, k),
                    doubles(denoiser.results.get(k).denoised()));
            if (k % 2 == 1) {
                Golden.assertClose("sampler/heun_predictor_x[" + k / 2 + "]",
                        slice(predictor, k / 2), doubles(denoiser.calls.get(k).x()));
            }
        }
        checkStates("heun", generation);
    }

    @Test
    void euler_goldenLatents_matchesEveryStep() {
        Recording denoiser = new Recording(Golden.denoiser());
        Generation generation = generator(Sampler.EULER, 6).sigmaRange(80, 0.002).rho(7)
                .build().generate(denoiser);

        double[] denoised = Golden.npyDoubles("sampler/euler_call_denoised.npy");
        assertEquals(6, denoiser.calls.size());
        for (int i = 0; i < 6; i++) {
            Golden.assertClose("sampler/euler_call_denoised[" + i + "]", slice(denoised, i),
                    doubles(generation.frames().get(i).prediction()));
        }
        checkStates("euler", generation);
    }

    @Test
    void x0Renoise_goldenNoise_matchesEveryStep() {
        double[] noise = Golden.npyDoubles("sampler/renoise_noise.npy");
        double[] sigmas = Golden.npyDoubles("sampler/renoise_sigmas.npy");
        Generation generation = MultistepGenerator.builder().sampler(Sampler.X0_RENOISE)
                .schedule(sigmas).batchSize(2).classLabels(3, 9)
                .noiseSource(latents(noise)).build().generate(Golden.denoiser());

        double[] inputs = Golden.npyDoubles("sampler/renoise_x.npy");
        double[] predictions = Golden.npyDoubles("sampler/renoise_x0.npy");
        for (int i = 0; i < 4; i++) {
            Golden.assertClose("sampler/renoise_x[" + i + "]", slice(inputs, i),
                    doubles(generation.frames().get(i).noisedInput()));
            Golden.assertClose("sampler/renoise_x0[" + i + "]", slice(predictions, i),
                    doubles(generation.frames().get(i).prediction()));
        }
        Golden.assertClose("sampler/renoise_final", Golden.npyDoubles(
                "sampler/renoise_final.npy"), doubles(generation.result()));
    }

    private static void checkStates(String name, Generation generation) {
        double[] latents = Golden.npyDoubles("sampler/latents.npy");
        double[] start = Arrays.stream(latents).map(v -> v * 80).toArray();
        Golden.assertClose("sampler/" + name + " start", start,
                doubles(generation.frames().get(0).noisedInput()));

        double[] states = Golden.npyDoubles("sampler/" + name + "_x_next.npy");
        for (int i = 0; i < 5; i++) {
            Golden.assertClose("sampler/" + name + "_x_next[" + i + "]", slice(states, i),
                    doubles(generation.frames().get(i + 1).noisedInput()));
        }
        Golden.assertClose("sampler/" + name + "_x_next[5]", slice(states, 5),
                doubles(generation.result()));
        Golden.assertClose("sampler/" + name + "_final", Golden.npyDoubles("sampler/" + name
                + "_final.npy"), doubles(generation.result()));
    }

    private static MultistepGenerator.Builder generator(Sampler sampler, int steps) {
        return MultistepGenerator.builder().sampler(sampler).steps(steps).batchSize(2)
                .classLabels(3, 9).noiseSource(latents(null));
    }

    /** The golden latents as initial noise, and the golden re-noise noise between steps. */
    private static NoiseSource latents(double[] stepNoise) {
        Tensor initial = Golden.npy("sampler/latents.npy");
        return new NoiseSource() {
            @Override
            public Tensor initial(int[] shape) {
                return initial;
            }

            @Override
            public Tensor step(int step, int[] shape) {
                double[] values = slice(stepNoise, step);
                float[] floats = new float[values.length];
                for (int i = 0; i < floats.length; i++) {
                    floats[i] = (float) values[i];
                }
                return Tensor.wrap(floats, shape);
            }
        };
    }

    private static double[] slice(double[] all, int index) {
        return Arrays.copyOfRange(all, index * ITEM, (index + 1) * ITEM);
    }

    private static double[] doubles(Tensor tensor) {
        return Golden.toDoubles(tensor.toFloatArray());
    }

    /** Passes calls through to a denoiser and records requests and results. */
    private static final class Recording implements Denoiser {

        private final Denoiser delegate;
        private final List<DenoiseRequest> calls = new ArrayList<>();
        private final List<DenoiseResult> results = new ArrayList<>();

        Recording(Denoiser delegate) {
            this.delegate = delegate;
        }

        @Override
        public NetworkConfig config() {
            return delegate.config();
        }

        @Override
        public LayerCatalog layers() {
            return delegate.layers();
        }

        @Override
        public DenoiseResult denoise(DenoiseRequest request) {
            DenoiseResult result = delegate.denoise(request);
            calls.add(request);
            results.add(result);
            return result;
        }

        @Override
        public void close() {
        }
    }
}
