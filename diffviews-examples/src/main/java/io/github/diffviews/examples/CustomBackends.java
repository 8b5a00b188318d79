package io.github.diffviews.examples;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.examples.backends.PcaProjectionBackend;
import io.github.diffviews.examples.backends.ProfiledDenoiser;
import io.github.diffviews.examples.backends.ProfilingEngine;
import io.github.diffviews.figure.Figures;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The library's service-provider interfaces at work: a generation run on the {@code profiling}
 * engine and placed on a map by the {@code pca} projection backend, both defined in
 * {@link io.github.diffviews.examples.backends} and found by name through
 * {@link java.util.ServiceLoader}. It prints every network call the generation made and where
 * each step lands on the linear map.
 *
 * <p>The same backends serve any program without a change to its code:
 * {@code -Ddiffviews.engine=profiling} makes {@code ModelData.denoiser()} profile, and
 * {@code -Ddiffviews.projection=pca} makes {@code ModelData.projection()} rebuild a PCA map.
 *
 * <pre>
 * java -cp ... io.github.diffviews.examples.CustomBackends [DATA_DIR [SAMPLE]]
 * </pre>
 * {@code DATA_DIR} defaults as for {@link QuickStart}; {@code SAMPLE} to 0.
 */
public final class CustomBackends {

    private CustomBackends() {
    }

    /**
     * What the run recorded.
     *
     * @param engine the name of the engine that did the work under the profiling engine
     * @param calls the network calls, in order
     * @param projection the projection the trajectory was placed with
     * @param trajectory the generation's path over the PCA map
     */
    public record Result(String engine, List<ProfiledDenoiser.Call> calls, Projection projection,
            Trajectory trajectory) {
    }

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [DATA_DIR [SAMPLE]]}
     * @throws IOException if the data or the weights cannot be read
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path data = DefaultData.directory(args);
        int sample = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        run(data, sample, System.out);
    }

    /**
     * Generates from a sample and its map neighbors with the custom backends.
     *
     * @param dataDirectory the data directory (its model needs a network and weights)
     * @param sample the sample whose group is averaged into the masks
     * @param log where the calls and the trajectory are printed
     * @return what was recorded
     * @throws IOException if the data or the weights cannot be read
     */
    public static Result run(Path dataDirectory, int sample, PrintStream log)
            throws IOException {
        try (Visualizer visualizer = Visualizer.open(dataDirectory)) {
            ModelData model = visualizer.defaultModelData();
            List<String> layers = model.embeddingParameters().layers();

            // A linear map of the samples' activations on the map's layers, by the PCA backend.
            Projection projection = Projections.backend(PcaProjectionBackend.NAME).fit(
                    model.activations().orElseThrow().select(layers).matrix(),
                    UmapParameters.builder().components(2).seed(42).build(),
                    ProgressListener.NONE, CancellationToken.NONE);
            log.printf(Locale.ROOT, "Projection: %s%n", projection);

            List<Integer> group = new ArrayList<>(List.of(sample));
            model.mapNeighbors(sample, 5).forEach(neighbor -> group.add(neighbor.index()));
            try (ProfiledDenoiser denoiser = (ProfiledDenoiser) EngineProvider
                    .engine(ProfilingEngine.NAME).open(model.network(), model.weightsFile(),
                            EngineOptions.defaults())) {
                Generation generation = MultistepGenerator.builder()
                        .steps(model.config().defaultSteps())
                        .sigmaRange(model.config().defaultSigmaMax(),
                                model.config().defaultSigmaMin())
                        .classLabel(model.samples().classId(sample))
                        .masker(model.masker(group, 2))
                        .captures(layers)
                        .projector(projection::transform)
                        .seed(42)
                        .build()
                        .generate(denoiser);

                log.printf(Locale.ROOT, "%4s %10s %6s %-36s %9s%n", "call", "sigma", "batch",
                        "masked layers", "ms");
                List<ProfiledDenoiser.Call> calls = denoiser.calls();
                for (int i = 0; i < calls.size(); i++) {
                    ProfiledDenoiser.Call call = calls.get(i);
                    log.printf(Locale.ROOT, "%4d %10.4f %6d %-36s %9.2f%n", i, call.sigma(),
                            call.batch(), call.masked().isEmpty() ? "-" : call.masked(),
                            call.nanos() / 1e6);
                }
                log.println(denoiser.summary());

                Trajectory trajectory = Figures.trajectory(generation, 0, model);
                for (TrajectoryPoint point : trajectory.points()) {
                    log.printf(Locale.ROOT, "step %d (σ %.3f): PCA map (%.3f, %.3f)%n",
                            point.step(), point.sigma(), point.x(), point.y());
                }
                return new Result(denoiser.engine(), calls, projection, trajectory);
            }
        }
    }
}
