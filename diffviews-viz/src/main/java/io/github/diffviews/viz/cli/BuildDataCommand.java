package io.github.diffviews.viz.cli;

import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.extraction.DataDirectoryBuilder;
import io.github.diffviews.extraction.DirectoryImageSource;
import io.github.diffviews.extraction.GeneratedImageSource;
import io.github.diffviews.extraction.IdxImageSource;
import io.github.diffviews.extraction.ImageSource;
import io.github.diffviews.extraction.InputMode;
import io.github.diffviews.io.DType;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.projection.MapFitting;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffviews build-data}: a data directory from images and a trained model. */
@Command(name = "build-data", mixinStandardHelpOptions = true,
        description = {
            "Build a data directory: run the model on every image at every noise level, "
                    + "record the chosen layers, write the layout the viewer opens, and fit "
                    + "the map.",
            "The network sees x = image + σ·ε (or image·σ with --input-mode scaled, as the "
                    + "Python tool's extraction did). Nothing is left behind on failure or "
                    + "Ctrl-C."
        })
final class BuildDataCommand implements Callable<Integer> {

    @Option(names = {"--model-dir", "--weights"}, paramLabel = "PATH",
            description = "A model directory (config.json with a network section and weights) "
                    + "or its .safetensors file (default: the shipped Fashion-MNIST model).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the images come from. */
    static final class Source {

        @Option(names = "--images", paramLabel = "IDX_OR_DIR",
                description = "An IDX images file (its labels file is found beside it), a "
                        + "directory of IDX files (see --split), or a directory of images "
                        + "with one sub-directory per class.")
        Path images;

        @Option(names = "--from-samples", paramLabel = "N",
                description = "Use N of the model's own samples per class instead of images.")
        Integer fromSamples;
    }

    @Option(names = "--split", defaultValue = "t10k", paramLabel = "NAME",
            description = "Which IDX files of a directory: t10k or train (default: "
                    + "${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--noise-levels", split = ",", paramLabel = "LEVEL",
            defaultValue = "100,82,54,35",
            description = "Noise levels (0-100) at which each image is recorded (default: "
                    + "${DEFAULT-VALUE}).")
    List<Double> noiseLevels = new ArrayList<>();

    @Option(names = "--layers", split = ",", paramLabel = "LAYER",
            defaultValue = "encoder_bottleneck,midblock",
            description = "Layers to record, by the Python tool's names or upstream keys "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> layers = new ArrayList<>();

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Record only the first N images; 0 records them all (default: "
                    + "${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--input-mode", defaultValue = "noised", paramLabel = "MODE",
            description = "noised (image + σ·ε) or scaled (image·σ) (default: ${DEFAULT-VALUE}).")
    String inputMode;

    @Option(names = "--noise-seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of the noise added to the images, and of the model's own "
                    + "samples (default: ${DEFAULT-VALUE}). --seed seeds the map.")
    long seed;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "B",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--float16", description = "Store activations as float16 (half the size).")
    boolean float16;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The model directory's name under --out (default: the model's).")
    String name;

    @Option(names = "--no-map", description = "Record activations only; fit no map.")
    boolean noMap;

    @Mixin
    UmapOptions umap;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The data root; the model directory is created inside it.")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SourceModel sourceModel = SourceModel.read(model);
        Path target = out.resolve(name != null ? name
                : sourceModel.directory().getFileName().toString()).toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " already exists; choose another --out "
                    + "or --name");
        }
        InputMode mode = parseMode();
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 "
                    + "(all images) or more, got " + limit);
        }
        boolean outExisted = Files.exists(out);

        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, System.console() != null && !quiet);
        try (ShutdownCancellation shutdown = ShutdownCancellation.install("build-data");
                Denoiser denoiser = sourceModel.open(EngineOptions.defaults()
                        .withDevice(device))) {
            CancellationToken token = shutdown.token();
            ImageSource images = images(sourceModel, denoiser, token, quiet ? null : bar);
            UmapParameters parameters = umap.apply(UmapParameters.defaults());
            checkEnoughRows(images, parameters);
            DataDirectoryBuilder.Builder builder = sourceModel.dataDirectoryBuilder(denoiser)
                    .layers(layers).noiseLevels(noiseLevels).inputMode(mode).seed(seed)
                    .batchSize(batchSize).limit(limit)
                    .activationType(float16 ? DType.FLOAT16 : DType.FLOAT32)
                    .cancellation(token);
            if (!quiet) {
                builder.progress(bar);
            }
            if (!noMap) {
                builder.map(MapFitting.of(umap.backend(), parameters, null,
                        quiet ? ProgressListener.NONE : bar, token)
                        .forBuilder("embeddings"));
            }
            Path written = builder.build().build(images, target);
            bar.finish();
            spec.commandLine().getOut().printf(Locale.ROOT, "Wrote %s%n", written);
            spec.commandLine().getOut().flush();
        } catch (IOException | RuntimeException e) {
            if (!outExisted) {
                deleteIfEmpty(out);
            }
            throw e;
        } finally {
            bar.finish();
        }
        return 0;
    }

    /** Removes a directory this command created, if the failed build left it empty. */
    static void deleteIfEmpty(Path directory) {
        try (var entries = Files.list(directory)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(directory);
            }
        } catch (IOException e) {
            // It was not created, or holds something: leave it as it is.
        }
    }

    /** Fails before any recording when the map could not be fitted on so few rows. */
    private void checkEnoughRows(ImageSource images, UmapParameters parameters) {
        int count = limit > 0 ? Math.min(limit, images.size()) : images.size();
        long rows = (long) count * noiseLevels.size();
        if (!noMap && rows <= parameters.neighbors()) {
            throw new CommandLine.ParameterException(spec.commandLine(), count + " images x "
                    + noiseLevels.size() + " noise levels give " + rows + " rows, too few for a "
                    + "map with " + parameters.neighbors() + " neighbors; record more images "
                    + "(--limit), lower --neighbors, or pass --no-map");
        }
    }

    private InputMode parseMode() {
        try {
            return InputMode.valueOf(inputMode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--input-mode '"
                    + inputMode + "' is not noised or scaled");
        }
    }

    private ImageSource images(SourceModel sourceModel, Denoiser denoiser,
            CancellationToken token, ProgressBar bar) throws IOException {
        int resolution = sourceModel.network().imgResolution();
        int channels = sourceModel.network().imgChannels();
        if (source.fromSamples != null) {
            return GeneratedImageSource.generate(denoiser, source.fromSamples,
                    Math.max(sourceModel.config().defaultSteps(), 1), seed,
                    sourceModel.classNames(),
                    bar == null ? ProgressListener.NONE : bar, token);
        }
        Path path = source.images;
        if (Files.isRegularFile(path)) {
            return IdxImageSource.open(path, IdxImageSource.labelsFor(path).orElse(null),
                    resolution, channels);
        }
        if (!Files.isDirectory(path)) {
            throw new DataFormatException(path, "no such file or directory");
        }
        try (var children = Files.list(path)) {
            boolean idx = children.anyMatch(f -> f.getFileName().toString().contains("-idx3-"));
            return idx ? IdxImageSource.openSplit(path, split, resolution, channels)
                    : DirectoryImageSource.open(path, resolution, channels);
        }
    }
}
