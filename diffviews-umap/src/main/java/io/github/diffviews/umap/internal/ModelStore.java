package io.github.diffviews.umap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.io.DType;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.Npy;
import io.github.diffviews.io.NpyArray;
import io.github.diffviews.projection.ProjectionFormat;
import io.github.diffviews.projection.UmapParameters;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes and reads a {@link UmapModel} in the saved format described by
 * {@link ProjectionFormat}.
 *
 * <p>The directory holds {@code projection.json} and these arrays: {@code embedding.npy}
 * (training coordinates, float32), {@code reduced_rows.npy} (the preprocessed training rows the
 * transform searches, float32), {@code knn_indices.npy} (int64) and {@code knn_distances.npy}
 * (float32), the training rows' neighbor graph, and, when used, {@code scaler_mean.npy} and
 * {@code scaler_scale.npy} (float64), {@code pca_mean.npy} and {@code pca_components.npy}
 * (float32). The transform's search tree is not stored: it is rebuilt from the rows and the seed,
 * which gives the same tree. A save writes a sibling temporary directory and renames it into
 * place, so readers never see a half-written projection.
 */
final class ModelStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    static final String EMBEDDING = "embedding.npy";
    static final String REDUCED_ROWS = "reduced_rows.npy";
    static final String KNN_INDICES = "knn_indices.npy";
    static final String KNN_DISTANCES = "knn_distances.npy";
    static final String SCALER_MEAN = "scaler_mean.npy";
    static final String SCALER_SCALE = "scaler_scale.npy";
    static final String PCA_MEAN = "pca_mean.npy";
    static final String PCA_COMPONENTS = "pca_components.npy";

    private ModelStore() {
    }

    static void save(UmapModel model, Path directory) throws IOException {
        Path target = directory.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new IOException(target + ": cannot save a projection at the file system root");
        }
        Files.createDirectories(parent);
        checkReplaceable(target);

        // Created with the umask's permissions (not createTempDirectory's 0700), so the saved
        // projection is as readable as the rest of the data directory.
        Path temporary = Files.createDirectory(AtomicFiles.temporarySibling(target));
        try {
            writeContent(model, temporary);
            moveIntoPlace(temporary, target);
        } finally {
            deleteRecursively(temporary);
        }
    }

    private static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IOException(target + ": exists and is not a directory; refusing to "
                    + "replace it with a projection");
        }
        boolean empty;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            empty = !entries.iterator().hasNext();
        }
        if (!empty && !Files.exists(target.resolve(ProjectionFormat.DESCRIPTOR_FILE))) {
            throw new IOException(target + ": exists and is not a saved projection (no "
                    + ProjectionFormat.DESCRIPTOR_FILE + "); refusing to replace it");
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-"
                    + Long.toHexString(System.nanoTime()));
            move(target, old);
        }
        try {
            move(temporary, target);
        } catch (IOException e) {
            if (old != null) {
                move(old, target);
            }
            throw e;
        }
        if (old != null) {
            deleteRecursively(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void writeContent(UmapModel model, Path directory) throws IOException {
        Preprocessor preprocessor = model.preprocessor();
        int rows = model.rows();
        int width = preprocessor.outputWidth();
        int inputWidth = preprocessor.inputWidth();
        KnnGraph knn = model.knn();

        Npy.write(directory.resolve(EMBEDDING), model.embeddingArray(), DType.FLOAT32, rows,
                model.components());
        Npy.write(directory.resolve(REDUCED_ROWS), model.reducedRows(), DType.FLOAT32, rows,
                width);
        long[] indices = new long[knn.indices().length];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = knn.indices()[i];
        }
        Npy.write(directory.resolve(KNN_INDICES), indices, rows, knn.k());
        Npy.write(directory.resolve(KNN_DISTANCES), knn.distances(), DType.FLOAT32, rows,
                knn.k());

        ObjectNode root = JSON.createObjectNode();
        root.put("format", ProjectionFormat.FORMAT_NAME);
        root.put("format_version", ProjectionFormat.VERSION);
        root.put("backend", model.backend());
        root.set("parameters", JSON.valueToTree(model.parameters().toMap()));
        root.put("training_rows", rows);
        root.put("input_width", inputWidth);
        root.put("components", model.components());
        root.put("neighbors", knn.k());
        ObjectNode curve = root.putObject("curve");
        curve.put("a", model.a());
        curve.put("b", model.b());

        ObjectNode preprocessing = root.putObject("preprocessing");
        ObjectNode arrays = JSON.createObjectNode();
        arrays.put("embedding", EMBEDDING);
        arrays.put("reduced_rows", REDUCED_ROWS);
        arrays.put("knn_indices", KNN_INDICES);
        arrays.put("knn_distances", KNN_DISTANCES);
        preprocessing.put("standardise", preprocessor.scalerMean() != null);
        if (preprocessor.scalerMean() != null) {
            Npy.write(directory.resolve(SCALER_MEAN), preprocessor.scalerMean(), inputWidth);
            Npy.write(directory.resolve(SCALER_SCALE), preprocessor.scalerScale(), inputWidth);
            arrays.put("scaler_mean", SCALER_MEAN);
            arrays.put("scaler_scale", SCALER_SCALE);
        }
        Pca pca = preprocessor.pca();
        if (pca == null) {
            preprocessing.putNull("pca");
        } else {
            ObjectNode pcaNode = preprocessing.putObject("pca");
            pcaNode.put("method", pca.method());
            pcaNode.put("components", pca.components());
            ArrayNode explained = pcaNode.putArray("explained_variance");
            for (double value : pca.explainedVariance()) {
                explained.add(value);
            }
            pcaNode.put("total_variance", pca.totalVariance());
            Npy.write(directory.resolve(PCA_MEAN), pca.mean(), DType.FLOAT32, inputWidth);
            Npy.write(directory.resolve(PCA_COMPONENTS), pca.componentMatrix(), DType.FLOAT32,
                    pca.components(), inputWidth);
            arrays.put("pca_mean", PCA_MEAN);
            arrays.put("pca_components", PCA_COMPONENTS);
        }
        preprocessing.put("unit_length", preprocessor.unitLength());
        preprocessing.put("output_width", width);
        root.set("arrays", arrays);
        AtomicFiles.writeString(directory.resolve(ProjectionFormat.DESCRIPTOR_FILE),
                JSON.writeValueAsString(root) + "\n");
    }

    static UmapModel load(Path directory) throws IOException {
        ProjectionFormat.Descriptor descriptor = ProjectionFormat.readDescriptor(directory);
        Path file = descriptor.file();
        JsonNode root = descriptor.json();

        UmapParameters parameters;
        try {
            JsonNode node = root.get("parameters");
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("missing \"parameters\" object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.convertValue(node, Map.class);
            parameters = UmapParameters.fromMap(map);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, "invalid parameters: " + e.getMessage(), e);
        }
        int rows = positive(root, "training_rows", file);
        int inputWidth = positive(root, "input_width", file);
        int components = positive(root, "components", file);
        int k = positive(root, "neighbors", file);
        JsonNode curve = root.path("curve");
        if (!curve.path("a").isNumber() || !curve.path("b").isNumber()) {
            throw new DataFormatException(file, "missing curve parameters \"a\" and \"b\"");
        }
        double a = curve.path("a").doubleValue();
        double b = curve.path("b").doubleValue();
        JsonNode preprocessing = root.path("preprocessing");
        int width = positive(preprocessing, "output_width", file);

        float[] embedding = floats(directory, EMBEDDING, rows, components);
        float[] reduced = floats(directory, REDUCED_ROWS, rows, width);
        long[] indices64 = longs(directory, KNN_INDICES, rows, k);
        float[] distances = floats(directory, KNN_DISTANCES, rows, k);
        int[] indices = new int[indices64.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices64[i] < 0 || indices64[i] >= rows) {
                throw new DataFormatException(directory.resolve(KNN_INDICES), "neighbor index "
                        + indices64[i] + " is outside 0.." + (rows - 1));
            }
            indices[i] = (int) indices64[i];
        }

        double[] mean = null;
        double[] scale = null;
        if (preprocessing.path("standardise").asBoolean(false)) {
            mean = doubles(directory, SCALER_MEAN, inputWidth);
            scale = doubles(directory, SCALER_SCALE, inputWidth);
        }
        Pca pca = null;
        JsonNode pcaNode = preprocessing.path("pca");
        if (pcaNode.isObject()) {
            int count = positive(pcaNode, "components", file);
            if (count != width) {
                throw new DataFormatException(file, "PCA has " + count + " components but the "
                        + "reduced rows are " + width + " wide");
            }
            double[] explained = new double[count];
            JsonNode explainedNode = pcaNode.path("explained_variance");
            for (int i = 0; i < count && i < explainedNode.size(); i++) {
                explained[i] = explainedNode.get(i).asDouble();
            }
            pca = new Pca(pcaNode.path("method").asText("unknown"), inputWidth, count,
                    floats(directory, PCA_MEAN, inputWidth),
                    floats(directory, PCA_COMPONENTS, count, inputWidth), explained,
                    pcaNode.path("total_variance").asDouble(0));
        } else if (width != inputWidth) {
            throw new DataFormatException(file, "no PCA, yet the reduced rows are " + width
                    + " wide and the input " + inputWidth);
        }
        Preprocessor preprocessor = new Preprocessor(inputWidth, mean, scale, pca,
                preprocessing.path("unit_length").asBoolean(false));
        KnnGraph knn = new KnnGraph(rows, k, indices, distances);
        return new UmapModel(descriptor.backend(), parameters, preprocessor, reduced, knn,
                embedding, components, a, b);
    }

    private static int positive(JsonNode node, String key, Path file) throws DataFormatException {
        JsonNode value = node.path(key);
        if (!value.isIntegralNumber() || value.intValue() < 1) {
            throw new DataFormatException(file, "expected a positive integer \"" + key
                    + "\", found " + value);
        }
        return value.intValue();
    }

    private static NpyArray array(Path directory, String name, int... shape) throws IOException {
        Path file = directory.resolve(name);
        NpyArray array = Npy.read(file);
        if (!Arrays.equals(array.shape(), shape)) {
            throw new DataFormatException(file, "expected shape " + Arrays.toString(shape)
                    + ", found " + Arrays.toString(array.shape()));
        }
        return array;
    }

    private static float[] floats(Path directory, String name, int... shape) throws IOException {
        NpyArray array = array(directory, name, shape);
        if (!array.dtype().isFloatingPoint()) {
            throw new DataFormatException(directory.resolve(name), "expected floats, found "
                    + array.dtype());
        }
        return array.toFloatArray();
    }

    private static double[] doubles(Path directory, String name, int... shape)
            throws IOException {
        NpyArray array = array(directory, name, shape);
        if (!array.dtype().isFloatingPoint()) {
            throw new DataFormatException(directory.resolve(name), "expected floats, found "
                    + array.dtype());
        }
        return array.toDoubleArray();
    }

    private static long[] longs(Path directory, String name, int... shape) throws IOException {
        NpyArray array = array(directory, name, shape);
        if (array.dtype().isFloatingPoint()) {
            throw new DataFormatException(directory.resolve(name), "expected integers, found "
                    + array.dtype());
        }
        return array.toLongArray();
    }
}
