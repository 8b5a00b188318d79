package io.github.diffviews.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.data.Activations;
import io.github.diffviews.data.ModelConfig;
import io.github.diffviews.data.SampleTable;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.evaluation.PixelKnnClassifier;
import io.github.diffviews.extraction.DataDirectoryBuilder;
import io.github.diffviews.extraction.IdxImageSource;
import io.github.diffviews.generation.ActivationMasker;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.GenerationStep;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.neighbors.Neighbor;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.projection.MapFitting;
import io.github.diffviews.projection.Projection;
import io.github.diffviews.projection.Projections;
import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.session.ExplorationState;
import io.github.diffviews.session.GalleryEntry;
import io.github.diffviews.session.Trajectory;
import io.github.diffviews.session.TrajectoryPoint;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import io.github.diffviews.tensor.Tensor;
import io.github.diffviews.training.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on real images: a data directory recorded by the shipped Fashion-MNIST model
 * from 500 real test images, opened, explored (a selection, its suggested neighbors), a masked
 * generation from them with its trajectory projected onto the map, and the steering effect of
 * a class's averaged activations measured with a pixel k-NN classifier. Skipped only where
 * Debian's {@code dataset-fashion-mnist} is not installed (CI installs it).
 */
class FashionMnistEndToEndTest {

    private static final int IMAGES = 500;
    private static final int STEPS = 20;
    private static final int STEERING_SAMPLES = 60;

    @TempDir
    static Path root;

    private static final List<String> MAP_LAYERS = List.of("encoder_bottleneck", "midblock");

    private static Path modelDirectory;
    private static List<String> bottleneck;
    private static Visualizer visualizer;
    private static ModelData data;

    @BeforeAll
    static void buildDataDirectory() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed (Debian package dataset-fashion-mnist puts it "
                        + "in " + FashionMnist.DEFAULT_DIRECTORY + ")");
        Path model = ShippedModelQualityTest.MODEL;
        NetworkConfig network = ShippedModelQualityTest.networkOf(model);
        ModelConfig config = ModelConfig.read(model.resolve("config.json"));
        modelDirectory = root.resolve("fashion-mnist");

        long started = System.nanoTime();
        try (Denoiser denoiser = EngineProvider.defaultEngine().open(network,
                model.resolve(FashionMnist.WEIGHTS_FILE), EngineOptions.defaults())) {
            IdxImageSource images = FashionMnist.images(FashionMnist.DEFAULT_DIRECTORY,
                    FashionMnist.TEST, network.imgResolution());
            bottleneck = bottleneckLayers(denoiser.layers());
            DataDirectoryBuilder.builder(denoiser)
                    .layers(bottleneck)
                    .limit(IMAGES)
                    .config(config)
                    .copy(FashionMnist.WEIGHTS_FILE, model.resolve(FashionMnist.WEIGHTS_FILE))
                    .classNames(classNames())
                    .map(MapFitting.of(Projections.backend(), UmapParameters.defaults(), MAP_LAYERS,
                            ProgressListener.NONE, CancellationToken.NONE).forBuilder("embeddings"))
                    .build()
                    .build(images, modelDirectory);
        }
        System.out.printf(Locale.ROOT, "Built %d images x %d noise levels in %.1f s%n", IMAGES,
                DataDirectoryBuilder.DEFAULT_NOISE_LEVELS.size(),
                (System.nanoTime() - started) / 1e9);

        visualizer = Visualizer.open(root);
        data = visualizer.model("fashion-mnist");
    }

    @AfterAll
    static void close() {
        if (visualizer != null) {
            visualizer.close();
        }
    }

    /**
     * The layers at the network's lowest resolution, encoder and decoder: the bottleneck, which
     * includes the map's two layers.
     */
    private static List<String> bottleneckLayers(LayerCatalog catalog) {
        int lowest = catalog.layers().stream().mapToInt(layer -> layer.shape()[1]).min()
                .orElseThrow();
        return catalog.layers().stream().filter(layer -> layer.shape()[1] == lowest)
                .map(LayerCatalog.Layer::originalName).toList();
    }

    private static Map<Integer, String> classNames() {
        Map<Integer, String> names = new HashMap<>();
        for (int c = 0; c < FashionMnist.CLASSES; c++) {
            names.put(c, FashionMnist.CLASS_NAMES.get(c));
        }
        return names;
    }

    @Test
    void dataDirectory_everyArtefact_isCompleteAndConsistent() throws IOException {
        int levels = DataDirectoryBuilder.DEFAULT_NOISE_LEVELS.size();
        SampleTable samples = data.samples();
        IdxImageSource real = FashionMnist.images(FashionMnist.DEFAULT_DIRECTORY,
                FashionMnist.TEST, data.network().imgResolution());

        assertEquals(List.of("fashion-mnist"), visualizer.models());
        assertEquals(IMAGES * levels, data.size());
        assertEquals(FashionMnist.DATASET_TYPE, data.config().datasetType());
        assertEquals(MAP_LAYERS, data.embeddingParameters().layers());
        assertTrue(bottleneck.containsAll(MAP_LAYERS) && bottleneck.size() > 2, bottleneck
                .toString());
        assertEquals(10, data.classes().size());
        assertEquals("Trouser", data.classNameOf(1));
        assertTrue(data.datasetInfo().isPresent(), "dataset_info.json is missing");

        Activations activations = data.activations().orElseThrow();
        ActivationLayout layout = activations.layout().orElseThrow();
        assertEquals(data.size(), activations.rows());
        assertEquals(0, activations.nonFiniteCount());
        assertEquals(ActivationLayout.sorted(data.denoiser().layers().sizes(bottleneck)),
                layout);

        FloatMatrix map = data.coordinates().orElseThrow();
        for (int sample = 0; sample < data.size(); sample++) {
            int image = sample / levels;
            assertEquals(real.get(image).classId(), samples.classId(sample), "class of " + sample);
            double level = DataDirectoryBuilder.DEFAULT_NOISE_LEVELS.get(sample % levels);
            assertEquals(level, samples.noiseLevel(sample), 1e-9, "noise level of " + sample);
            assertTrue(samples.sigma(sample) > 0, "conditioning sigma of " + sample);
            assertTrue(Float.isFinite(map.get(sample, 0)) && Float.isFinite(map.get(sample, 1)),
                    "map point of " + sample);
        }

        BufferedImage first = data.image(0);
        assertEquals(data.network().imgResolution(), first.getWidth());
        BufferedImage expected = ImageIO.read(data.imageFile(0).orElseThrow().toFile());
        assertEquals(expected.getRGB(5, 7), first.getRGB(5, 7));
        assertTrue(Files.isRegularFile(modelDirectory.resolve(FashionMnist.WEIGHTS_FILE)));
    }

    @Test
    void projection_ofRecordedRows_landsNearTheirMapPoints() throws IOException {
        Projection projection = data.projection();
        Activations activations = data.activations().orElseThrow()
                .select(data.embeddingParameters().layers());
        FloatMatrix map = data.coordinates().orElseThrow();
        double extent = extent(map);

        List<Double> errors = new ArrayList<>();
        for (int sample = 0; sample < data.size(); sample += 97) {
            float[] point = projection.transform(activations.matrix().row(sample));
            errors.add(Math.hypot(point[0] - map.get(sample, 0), point[1] - map.get(sample, 1)));
        }

        double median = errors.stream().sorted().toList().get(errors.size() / 2);
        System.out.printf(Locale.ROOT, "Re-projected recorded rows: median distance %.3f on a "
                + "map %.1f wide%n", median, extent);
        assertTrue(median < 0.05 * extent, "median re-projection error " + median
                + " on a map " + extent + " wide");
    }

    @Test
    void exploration_selectSuggestGenerateWithMasks_drawsTheTrajectoryOnTheMap()
            throws IOException {
        int selected = IntStream.range(0, data.size())
                .filter(s -> data.samples().classId(s) == 1).findFirst().orElseThrow();
        int manual = data.samplesOfClass(9)[0];
        ExplorationState state = ExplorationState.start(data.name())
                .select(selected)
                .suggest(data.mapIndex(), 5)
                .toggleNeighbor(manual);
        List<Neighbor> suggested = state.suggestedNeighbors();
        List<Integer> averaged = state.generationSamples();
        ActivationMasker masker = data.masker(averaged, STEPS);
        Projection projection = data.projection();
        List<GenerationStep> seen = new ArrayList<>();

        Generation generation = MultistepGenerator.builder()
                .steps(STEPS)
                .classLabel(data.samples().classId(selected))
                .seed(7)
                .masker(masker)
                .captures(data.embeddingParameters().layers())
                .projector(projection::transform)
                .listener(seen::add)
                .build()
                .generate(data.denoiser());

        assertEquals(5, suggested.size());
        assertEquals(7, averaged.size());
        assertEquals(selected, averaged.get(0));
        assertEquals(manual, averaged.get(6));
        assertEquals(STEPS, generation.frames().size());
        assertEquals(STEPS, seen.size());
        assertEquals(data.embeddingParameters().layers().size(), masker.masks().size());

        FloatMatrix map = data.coordinates().orElseThrow();
        double extent = extent(map);
        List<TrajectoryPoint> points = new ArrayList<>();
        for (GenerationStep step : generation.frames()) {
            float[] point = step.points()[0];
            assertTrue(Float.isFinite(point[0]) && Float.isFinite(point[1]),
                    "step " + step.index());
            assertTrue(Math.abs(point[0]) < 10 * extent && Math.abs(point[1]) < 10 * extent,
                    "step " + step.index() + " lands far off the map");
            BufferedImage composite = step.composite(0);
            assertTrue(composite.getWidth() >= data.network().imgResolution());
            points.add(new TrajectoryPoint(step.index(), point[0], point[1], Double.NaN,
                    step.sigma(), step.noiseLevel()));
        }
        assertTrue(generation.frames().get(0).sigma() > generation.frames().get(STEPS - 1)
                .sigma());

        Tensor result = generation.result();
        for (int i = 0; i < result.size(); i++) {
            assertTrue(Float.isFinite(result.get(i)) && Math.abs(result.get(i)) < 1.5,
                    "pixel " + i + " = " + result.get(i));
        }
        BufferedImage image = generation.images().toBufferedImage(0);
        assertEquals(data.network().imgResolution(), image.getWidth());

        ExplorationState after = state.addTrajectory(new Trajectory(points,
                data.samples().classId(selected), data.className(selected)));
        assertTrue(after.trajectories().get(0).drawable());
        List<GalleryEntry> gallery = after.gallery();
        assertEquals(6, gallery.size());
        assertTrue(caption(gallery.get(0)).matches("\\d: .+ \\(d=\\d+\\.\\d\\d\\)"),
                caption(gallery.get(0)));
        assertEquals("9: Ankle boot (manual)", caption(gallery.get(5)));
    }

    @Test
    void generation_sameSeedAndMasks_isReproducible() throws IOException {
        ActivationMasker masker = data.masker(List.of(0, 4, 8), STEPS);
        MultistepGenerator generator = MultistepGenerator.builder()
                .steps(STEPS).classLabel(3).seed(11).masker(masker).build();

        Tensor first = generator.generate(data.denoiser()).result();
        Tensor second = generator.generate(data.denoiser()).result();

        assertArrayEquals(first.toFloatArray(), second.toFloatArray());
    }

    /**
     * Masking the bottleneck layers (every layer at the lowest resolution) with the mean of class
     * A's recorded activations for every step, while conditioning on class B, pulls the samples
     * towards A: the k-NN classifier on real pixels calls them A clearly more often than the
     * unmasked samples of B.
     */
    @Test
    void steering_classMeanMasks_pullSamplesTowardsThatClass() throws IOException {
        PixelKnnClassifier knn = PixelKnnClassifier.builder().k(5).fit(FashionMnist.images(
                FashionMnist.DEFAULT_DIRECTORY, FashionMnist.TRAIN,
                data.network().imgResolution()), FashionMnist.CLASSES);
        int[][] pairs = {{1, 8}, {5, 2}, {8, 0}, {9, 3}};
        Activations bottleneckRows = data.activations().orElseThrow().select(bottleneck);

        int maskedHits = 0;
        int plainHits = 0;
        int total = 0;
        for (int[] pair : pairs) {
            int classA = pair[0];
            int classB = pair[1];
            ActivationMasker masker = ActivationMasker.fromMeanOfRows(bottleneckRows.matrix(),
                    data.samplesOfClass(classA), bottleneckRows.layout().orElseThrow(),
                    data.denoiser().layers(), STEPS);

            int masked = countLabel(knn, generate(classB, masker), classA);
            int plain = countLabel(knn, generate(classB, ActivationMasker.none()), classA);

            System.out.printf(Locale.ROOT, "Steering %s -> %s: called %s %d/%d masked, %d/%d "
                    + "unmasked%n", data.classNameOf(classB), data.classNameOf(classA),
                    data.classNameOf(classA), masked, STEERING_SAMPLES, plain, STEERING_SAMPLES);
            maskedHits += masked;
            plainHits += plain;
            total += STEERING_SAMPLES;
        }

        double maskedRate = maskedHits / (double) total;
        double plainRate = plainHits / (double) total;
        System.out.printf(Locale.ROOT, "Steering overall: class A rate %.3f masked vs %.3f "
                + "unmasked over %d samples each%n", maskedRate, plainRate, total);
        assertTrue(maskedRate >= plainRate + 0.25, "masked rate " + maskedRate
                + " is not clearly above the unmasked rate " + plainRate);
    }

    private Tensor generate(int classB, ActivationMasker masker) throws IOException {
        return MultistepGenerator.builder()
                .steps(STEPS)
                .classLabel(classB)
                .batchSize(STEERING_SAMPLES)
                .seed(2024)
                .masker(masker)
                .build()
                .generate(data.denoiser())
                .result();
    }

    private static String caption(GalleryEntry entry) {
        int classId = data.samples().classId(entry.sample());
        return entry.caption(classId, data.classNameOf(classId));
    }

    private static int countLabel(PixelKnnClassifier knn, Tensor images, int classId) {
        return (int) IntStream.of(knn.classifyAll(images)).filter(c -> c == classId).count();
    }

    private static double extent(FloatMatrix map) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (int i = 0; i < map.rows(); i++) {
            minX = Math.min(minX, map.get(i, 0));
            maxX = Math.max(maxX, map.get(i, 0));
        }
        return maxX - minX;
    }
}
