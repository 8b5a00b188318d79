package io.github.diffviews.viz.cli;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.data.ModelDirectory;
import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.extraction.DataDirectoryBuilder;
import io.github.diffviews.extraction.GeneratedImageSource;
import io.github.diffviews.extraction.IdxImageSource;
import io.github.diffviews.extraction.ImageSource;
import io.github.diffviews.io.FileTrees;
import io.github.diffviews.projection.MapFitting;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.viz.server.ViewerServer;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code diffviews demo}: the main job on its built-in default. It builds (once) a data
 * directory from the shipped Fashion-MNIST model — real Fashion-MNIST test images when the
 * Debian package {@code dataset-fashion-mnist} is installed, the model's own samples otherwise —
 * and opens the viewer on it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Build (once) a demo data directory from the shipped Fashion-MNIST model and open "
                    + "the viewer on it.",
            "Images come from /usr/share/datasets/fashion-mnist (Debian package "
                    + "dataset-fashion-mnist) when present, else from the model's own samples."
        })
final class DemoCommand implements Callable<Integer> {

    /** Where the Debian package puts Fashion-MNIST. */
    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** The images of Fashion-MNIST's test split. */
    static final int MAX_IMAGES = 10_000;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the demo data goes (default: demo-data/ in the project).")
    Path out;

    @Option(names = "--images", defaultValue = "500", paramLabel = "N",
            description = "Fashion-MNIST test images to record (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--samples-per-class", defaultValue = "30", paramLabel = "N",
            description = "Without Fashion-MNIST: the model's own samples per class "
                    + "(default: ${DEFAULT-VALUE}).")
    int samplesPerClass;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A directory of Fashion-MNIST IDX files (default: " + "/usr/share/"
                    + "datasets/fashion-mnist).")
    Path data;

    @Option(names = "--rebuild", description = "Build the demo data again even if it exists.")
    boolean rebuild;

    @Option(names = "--no-viewer", description = "Build and summarise, but do not start the "
            + "viewer.")
    boolean noViewer;

    @Option(names = "--port", defaultValue = "7860", paramLabel = "PORT",
            description = "The viewer's port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--open-browser", description = "Open the viewer in the default browser.")
    boolean openBrowser;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SourceModel model = SourceModel.read(null);
        Path root = (this.out != null ? this.out : SourceModel.shippedDirectory().getParent()
                .getParent().resolve("demo-data")).toAbsolutePath().normalize();
        Path target = root.resolve(model.directory().getFileName());

        checkCounts();
        if (ModelDirectory.isModel(target) && !rebuild) {
            out.printf(Locale.ROOT, "Using the demo data in %s (--rebuild builds it again)%n",
                    target);
        } else if (Files.exists(target) && !rebuild) {
            throw new IllegalArgumentException(target + " exists but is not a data directory; "
                    + "--rebuild replaces it");
        } else if (Files.exists(target)) {
            rebuild(model, target, out);
        } else {
            boolean rootExisted = Files.exists(root);
            try {
                build(model, target, target, out);
            } catch (IOException | RuntimeException e) {
                if (!rootExisted) {
                    BuildDataCommand.deleteIfEmpty(root);
                }
                throw e;
            }
        }

        Visualizer visualizer = Visualizer.open(root);
        ModelData data = visualizer.defaultModelData();
        out.printf(Locale.ROOT, "%d samples of %d classes, %d activation values each (%s), "
                + "on a %d-D map%n", data.size(), data.classes().size(),
                data.activations().map(a -> a.width()).orElse(0),
                String.join(" + ", data.embeddingParameters().layers()), data.mapDimensions());
        out.flush();
        if (noViewer) {
            visualizer.close();
            return 0;
        }
        try (visualizer) {
            return VizCommand.serve(ViewerServer.builder(visualizer).port(port), visualizer, out,
                    openBrowser);
        }
    }

    private void checkCounts() {
        int minimum = UmapParameters.defaults().neighbors()
                / DataDirectoryBuilder.DEFAULT_NOISE_LEVELS.size() + 1;
        if (images < minimum || images > MAX_IMAGES) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--images must be "
                    + minimum + " to " + MAX_IMAGES + " (the test split), got " + images);
        }
        if (samplesPerClass < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--samples-per-class "
                    + "must be at least 1, got " + samplesPerClass);
        }
    }

    /**
     * Builds the demo data beside the existing directory and swaps it in only once complete, so a
     * failed or interrupted rebuild keeps the old data.
     */
    private void rebuild(SourceModel model, Path target, PrintWriter out) throws IOException {
        Path fresh = target.resolveSibling("." + target.getFileName() + ".rebuild");
        Path old = target.resolveSibling("." + target.getFileName() + ".old");
        FileTrees.delete(fresh);
        FileTrees.delete(old);

        build(model, fresh, target, out);

        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        FileTrees.delete(old);
    }

    /**
     * Builds the demo data into {@code target}; {@code shown} is the directory the user will
     * find it in (the same, or the one a rebuild replaces).
     */
    private void build(SourceModel model, Path target, Path shown, PrintWriter out)
            throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, System.console() != null);
        try (ShutdownCancellation shutdown = ShutdownCancellation.install("demo");
                Denoiser denoiser = model.open(EngineOptions.defaults())) {
            CancellationToken token = shutdown.token();
            Path idx = data != null ? data : FASHION_MNIST;
            boolean real = Files.isDirectory(idx);
            List<Double> levels = DataDirectoryBuilder.DEFAULT_NOISE_LEVELS;
            int count = real ? images : samplesPerClass * model.network().labelDim();
            double seconds = estimateSeconds(denoiser, count * levels.size(), real ? 0
                    : samplesPerClass * model.network().labelDim() * model.config()
                            .defaultSteps());
            out.printf(Locale.ROOT, "Building the demo data in %s%n  from %s%n  %d images x %d "
                    + "noise levels %s; this takes about %s on this machine%n", shown,
                    real ? count + " Fashion-MNIST test images in " + idx
                            : "the model's own samples (" + samplesPerClass + " per class; "
                                    + "install dataset-fashion-mnist for real images)",
                    count, levels.size(), levels, describe(seconds));
            out.flush();

            ImageSource source = real
                    ? IdxImageSource.openSplit(idx, "t10k", model.network().imgResolution(),
                            model.network().imgChannels())
                    : GeneratedImageSource.generate(denoiser, samplesPerClass,
                            model.config().defaultSteps(), 0, model.classNames(), bar, token);
            model.dataDirectoryBuilder(denoiser)
                    .noiseLevels(levels)
                    .limit(count)
                    .progress(bar)
                    .cancellation(token)
                    .map(MapFitting.of(Projections.backend(), UmapParameters.defaults(), null,
                            bar, token).forBuilder("embeddings"))
                    .build().build(source, target);
        } finally {
            bar.finish();
        }
    }

    /**
     * Times one batch through the network and extrapolates: the forward passes of the
     * recording, those of generating samples, and a margin for the map.
     */
    private static double estimateSeconds(Denoiser denoiser, int forwards, int sampleForwards) {
        int batch = 16;
        int side = denoiser.config().imgResolution();
        int channels = denoiser.config().imgChannels();
        Tensor x = Tensor.zeros(batch, channels, side, side);
        DenoiseRequest request = DenoiseRequest.builder(x).sigma(1.0)
                .capture("encoder_bottleneck", "midblock").build();
        denoiser.denoise(request);
        long started = System.nanoTime();
        denoiser.denoise(request);
        double perImage = (System.nanoTime() - started) / 1e9 / batch;
        return perImage * (forwards + sampleForwards) * 1.3 + 20;
    }

    private static String describe(double seconds) {
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f seconds", Math.ceil(seconds / 10) * 10);
        }
        return String.format(Locale.ROOT, "%.0f minutes", Math.ceil(seconds / 60));
    }
}
