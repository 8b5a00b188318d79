package io.github.diffviews.data;

import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one model, read and checked against each other: {@code config.json}, the
 * embeddings CSV and its parameters, the activations, the dataset metadata and the class labels.
 *
 * <p>Reading fails with a {@link DataFormatException} naming the file for anything that would
 * otherwise lead to a silent misalignment: a CSV whose row count differs from the activations',
 * a malformed or truncated file, an image path outside the model directory, duplicate sample ids,
 * and (when asked to reject them) NaN or infinite activations.
 *
 * @param name the model's name (its directory name)
 * @param directory the model directory, absolute
 * @param root the data root it was found under, absolute
 * @param config the parsed {@code config.json}
 * @param embeddingsFile the embeddings CSV that was read
 * @param samples the samples of that CSV
 * @param parameters the embedding parameters ({@code <stem>.json}), or their defaults
 * @param activations the activation matrix, if the model has one
 * @param datasetInfo the dataset metadata, if present
 * @param classLabels the class names
 */
public record ModelDirectory(String name, Path directory, Path root, ModelConfig config,
        Path embeddingsFile, SampleTable samples, EmbeddingParameters parameters,
        Optional<Activations> activations, Optional<DatasetInfo> datasetInfo,
        ClassLabels classLabels) {

    /** The file every model directory must hold. */
    public static final String CONFIG_FILE = "config.json";

    /** The directory holding embeddings CSVs and their parameters. */
    public static final String EMBEDDINGS_DIR = "embeddings";

    /** Preferred embeddings stems, in order, when a directory holds several CSVs. */
    public static final List<String> PREFERRED_STEMS = List.of("demo_embeddings", "embeddings");

    private static final long AUTO_SCAN_LIMIT = 1L << 30;
    private static final Pattern STEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);

    /**
     * Checks the components.
     */
    public ModelDirectory {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(embeddingsFile, "embeddingsFile");
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(activations, "activations");
        Objects.requireNonNull(datasetInfo, "datasetInfo");
        Objects.requireNonNull(classLabels, "classLabels");
    }

    /**
     * Tells whether a directory looks like a model: it holds {@code config.json} and at least
     * one CSV under {@code embeddings/}.
     *
     * @param directory the candidate
     * @return true if both are present
     */
    public static boolean isModel(Path directory) {
        return Files.isRegularFile(directory.resolve(CONFIG_FILE))
                && !embeddingCsvs(directory).isEmpty();
    }

    /**
     * Reads and checks one model directory.
     *
     * @param directory the model directory
     * @param root the data root (the same directory for a single-model data directory)
     * @param embeddingsStem the CSV to read, by stem; null picks one as described in
     *     {@link #embeddingsFile(Path, String)}
     * @param check what to do about non-finite activations
     * @return the model's files
     * @throws DataFormatException if a file is missing, malformed or inconsistent
     * @throws IOException if a file cannot be read
     */
    public static ModelDirectory read(Path directory, Path root, String embeddingsStem,
            NonFiniteCheck check) throws IOException {
        Path modelDirectory = directory.toAbsolutePath().normalize();
        Path rootDirectory = root.toAbsolutePath().normalize();
        String name = modelDirectory.getFileName().toString();

        ModelConfig config = ModelConfig.read(modelDirectory.resolve(CONFIG_FILE));
        Path csv = embeddingsFile(modelDirectory, embeddingsStem);
        SampleTable samples = SampleTable.of(CsvTable.read(csv), csv, modelDirectory);
        EmbeddingParameters parameters = readParameters(csv);

        Path datasetDirectory = modelDirectory.resolve("activations").resolve(
                config.datasetType());
        Optional<ActivationFiles.Loaded> loaded = ActivationFiles.read(datasetDirectory,
                parameters.layers());
        if (loaded.isPresent()) {
            Activations activations = loaded.get().activations();
            if (activations.rows() != samples.size()) {
                throw new DataFormatException(csv, "has " + samples.size() + " rows but "
                        + describe(activations) + " has " + activations.rows()
                        + "; every sample needs exactly one activation row");
            }
            ActivationFiles.checkBatchColumns(samples, loaded.get(), csv, modelDirectory);
            checkNonFinite(activations, check);
        }

        Optional<DatasetInfo> info = readDatasetInfo(modelDirectory, config, samples);
        ClassLabels labels = ClassLabels.find(modelDirectory, rootDirectory);
        LOG.debug("Read model '{}' from {}: {} samples, activations {}", name, modelDirectory,
                samples.size(), loaded.map(l -> l.activations().toString()).orElse("none"));
        return new ModelDirectory(name, modelDirectory, rootDirectory, config, csv, samples,
                parameters, loaded.map(ActivationFiles.Loaded::activations), info, labels);
    }

    /**
     * Chooses the embeddings CSV of a model: the given stem if any; otherwise the only CSV;
     * otherwise {@code demo_embeddings.csv}, then {@code embeddings.csv}, then the first in name
     * order (with a warning).
     *
     * @param modelDirectory the model directory
     * @param stem the requested stem, or null
     * @return the CSV file
     * @throws DataFormatException if the requested CSV or any CSV is missing
     */
    public static Path embeddingsFile(Path modelDirectory, String stem)
            throws DataFormatException {
        Path embeddings = modelDirectory.resolve(EMBEDDINGS_DIR);
        if (stem != null) {
            Path requested = embeddings.resolve(checkStem(stem) + ".csv");
            if (!Files.isRegularFile(requested)) {
                throw new DataFormatException(requested, "embeddings file not found; available: "
                        + embeddingCsvs(modelDirectory));
            }
            return requested;
        }
        List<Path> csvs = embeddingCsvs(modelDirectory);
        if (csvs.isEmpty()) {
            throw new DataFormatException(embeddings, "no embeddings CSV found");
        }
        if (csvs.size() == 1) {
            return csvs.get(0);
        }
        for (String preferred : PREFERRED_STEMS) {
            Path candidate = embeddings.resolve(preferred + ".csv");
            if (csvs.contains(candidate)) {
                return candidate;
            }
        }
        LOG.warn("{} holds {} CSVs; using {} (choose one with the embeddings option)",
                embeddings, csvs.size(), csvs.get(0).getFileName());
        return csvs.get(0);
    }

    /**
     * Checks an embeddings stem: a plain file name of letters, digits, {@code .}, {@code _} and
     * {@code -} that starts with a letter or digit, so files named after it stay inside
     * {@code embeddings/}.
     *
     * @param stem the stem, for example {@code demo_embeddings}
     * @return the stem
     * @throws IllegalArgumentException if the stem is null, empty, or not such a name
     */
    public static String checkStem(String stem) {
        if (stem == null || !STEM.matcher(stem).matches() || stem.contains("..")) {
            throw new IllegalArgumentException("Embeddings stem '" + stem + "' is not a plain "
                    + "name (letters, digits, '.', '_' and '-', starting with a letter or digit)");
        }
        return stem;
    }

    private static List<Path> embeddingCsvs(Path modelDirectory) {
        Path embeddings = modelDirectory.resolve(EMBEDDINGS_DIR);
        if (!Files.isDirectory(embeddings)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(embeddings)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                    .endsWith(".csv")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", embeddings, e.toString());
            return List.of();
        }
    }

    private static EmbeddingParameters readParameters(Path csv) throws IOException {
        String fileName = csv.getFileName().toString();
        Path json = csv.resolveSibling(fileName.substring(0, fileName.length() - 4) + ".json");
        return Files.isRegularFile(json) ? EmbeddingParameters.read(json)
                : EmbeddingParameters.absent();
    }

    private static Optional<DatasetInfo> readDatasetInfo(Path modelDirectory, ModelConfig config,
            SampleTable samples) throws IOException {
        Path file = modelDirectory.resolve("metadata").resolve(config.datasetType())
                .resolve("dataset_info.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        DatasetInfo info = DatasetInfo.read(file);
        if (info.sampleCount().isPresent() && info.sampleCount().getAsInt() != samples.size()) {
            LOG.warn("{} describes {} samples but the embeddings CSV has {}", file,
                    info.sampleCount().getAsInt(), samples.size());
        }
        return Optional.of(info);
    }

    private static void checkNonFinite(Activations activations, NonFiniteCheck check)
            throws DataFormatException {
        long bytes = (long) activations.rows() * activations.width()
                * activations.dtype().byteSize();
        boolean scan = check == NonFiniteCheck.REPORT || check == NonFiniteCheck.REJECT
                || (check == NonFiniteCheck.AUTO && bytes <= AUTO_SCAN_LIMIT);
        if (!scan) {
            return;
        }
        long count = activations.nonFiniteCount();
        if (count == 0) {
            return;
        }
        int[] first = NonFiniteScan.first(activations.matrix());
        String where = first == null ? "" : String.format(Locale.ROOT,
                " (first at sample %d, column %d)", first[0], first[1]);
        if (check == NonFiniteCheck.REJECT) {
            throw new DataFormatException(activations.files().get(0), count
                    + " activation values are NaN or infinite" + where
                    + "; expected finite activations");
        }
        LOG.warn("{}: {} activation values are NaN or infinite{}; neighbor searches skip "
                + "samples whose distance is not finite", activations.files().get(0), count,
                where);
    }

    private static String describe(Activations activations) {
        List<Path> files = activations.files();
        return files.size() == 1 ? files.get(0).toString()
                : files.size() + " activation files in " + files.get(0).getParent();
    }
}
