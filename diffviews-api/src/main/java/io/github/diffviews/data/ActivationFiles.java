package io.github.diffviews.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.io.DType;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.io.MappedNpyMatrix;
import io.github.diffviews.io.Npy;
import io.github.diffviews.io.NpyArray;
import io.github.diffviews.tensor.FloatMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the activation files of one dataset directory ({@code activations/<dataset_type>/}).
 *
 * <p>The fast format is one or more {@code .npy} matrices, memory-mapped and read as one when
 * there are several (in sorted file order), each with an optional {@code .npy.json} sidecar
 * naming the layers of its columns. The legacy format is {@code .npz} archives holding one
 * array per layer, which are read onto the heap and laid out in sorted layer order.
 */
final class ActivationFiles {

    /** Suffix of the sidecar written beside each {@code .npy} activation file. */
    static final String SIDECAR_SUFFIX = ".json";

    private static final Logger LOG = LoggerFactory.getLogger(ActivationFiles.class);

    private ActivationFiles() {
    }

    /**
     * Reads the activations of a dataset directory, if it has any.
     *
     * @param directory the dataset directory
     * @param fallbackLayers the layers named by the embedding parameters, used to name the
     *     columns of a single-layer file without a sidecar
     * @return the activations with the rows of each file, or empty when the directory is
     *     missing or holds no activation files
     */
    static Optional<Loaded> read(Path directory, List<String> fallbackLayers)
            throws IOException {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        List<Path> npy = list(directory, ".npy");
        if (!npy.isEmpty()) {
            return Optional.of(readNpy(npy, fallbackLayers));
        }
        List<Path> npz = list(directory, ".npz");
        if (!npz.isEmpty()) {
            return Optional.of(readNpz(npz));
        }
        return Optional.empty();
    }

    private static List<Path> list(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    private static Loaded readNpy(List<Path> files, List<String> fallbackLayers)
            throws IOException {
        List<FloatMatrix> parts = new ArrayList<>();
        ActivationLayout layout = null;
        DType dtype = null;
        for (Path file : files) {
            MappedNpyMatrix matrix = Npy.mapMatrix(file);
            if (dtype != null && matrix.dtype() != dtype) {
                throw new DataFormatException(file, "holds " + matrix.dtype() + " but "
                        + files.get(0).getFileName() + " holds " + dtype
                        + "; all activation files must share one type");
            }
            if (!parts.isEmpty() && matrix.columns() != parts.get(0).columns()) {
                throw new DataFormatException(file, "has " + matrix.columns()
                        + " values per row but " + files.get(0).getFileName() + " has "
                        + parts.get(0).columns());
            }
            dtype = matrix.dtype();

            Path sidecar = file.resolveSibling(file.getFileName() + SIDECAR_SUFFIX);
            if (Files.isRegularFile(sidecar)) {
                ActivationLayout fileLayout = readSidecar(sidecar, matrix);
                if (layout != null && !layout.equals(fileLayout)) {
                    throw new DataFormatException(sidecar, "lists layers " + fileLayout
                            + " but " + files.get(0).getFileName() + " lists " + layout);
                }
                layout = fileLayout;
            }
            parts.add(matrix);
        }

        FloatMatrix matrix = parts.size() == 1 ? parts.get(0) : new StackedMatrix(parts);
        if (layout == null && fallbackLayers.size() == 1 && matrix.columns() > 0) {
            layout = ActivationLayout.sorted(Map.of(fallbackLayers.get(0), matrix.columns()));
        } else if (layout == null) {
            LOG.warn("{}: no .npy.json sidecar names the layers of its {} columns; "
                    + "per-layer selection is unavailable", files.get(0), matrix.columns());
        }
        List<Integer> rows = parts.stream().map(FloatMatrix::rows).toList();
        return new Loaded(new Activations(matrix, layout, files, dtype), rows);
    }

    private static ActivationLayout readSidecar(Path sidecar, MappedNpyMatrix matrix)
            throws IOException {
        ObjectNode json = Json.readObject(sidecar);
        JsonNode layers = json.get("layers");
        JsonNode shapes = json.get("shapes");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new DataFormatException(sidecar, "expected a non-empty 'layers' array");
        }
        if (shapes == null || !shapes.isObject()) {
            throw new DataFormatException(sidecar, "expected a 'shapes' object");
        }

        List<String> names = new ArrayList<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (JsonNode layer : layers) {
            String name = layer.asText();
            JsonNode shape = shapes.get(name);
            if (shape == null || !shape.isArray() || shape.size() < 2) {
                throw new DataFormatException(sidecar, "layer '" + name + "' has no shape "
                        + "[rows, values...] in 'shapes'");
            }
            long size = 1;
            for (int axis = 1; axis < shape.size(); axis++) {
                if (!shape.get(axis).canConvertToInt() || shape.get(axis).asInt() <= 0) {
                    throw new DataFormatException(sidecar, "layer '" + name
                            + "' has a bad shape " + shape);
                }
                size = Math.multiplyExact(size, shape.get(axis).asInt());
            }
            if (shape.get(0).asInt() != matrix.rows()) {
                throw new DataFormatException(sidecar, "layer '" + name + "' has "
                        + shape.get(0).asInt() + " rows but " + matrix.file().getFileName()
                        + " has " + matrix.rows());
            }
            names.add(name);
            sizes.put(name, Math.toIntExact(size));
        }

        ActivationLayout layout;
        try {
            layout = ActivationLayout.ordered(names, sizes);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(sidecar, e.getMessage(), e);
        }
        if (layout.width() != matrix.columns()) {
            throw new DataFormatException(sidecar, "its layers hold " + layout.width()
                    + " values per sample but " + matrix.file().getFileName() + " has "
                    + matrix.columns());
        }
        checkCount(sidecar, json, "total_features", matrix.columns());
        checkCount(sidecar, json, "num_samples", matrix.rows());
        return layout;
    }

    private static void checkCount(Path sidecar, ObjectNode json, String key, int actual)
            throws DataFormatException {
        JsonNode value = json.get(key);
        if (value != null && value.canConvertToLong() && value.asLong() != actual) {
            throw new DataFormatException(sidecar, "'" + key + "' is " + value.asLong()
                    + " but the .npy file has " + actual);
        }
    }

    private static Loaded readNpz(List<Path> files) throws IOException {
        List<FloatMatrix> parts = new ArrayList<>();
        ActivationLayout layout = null;
        for (Path file : files) {
            Map<String, NpyArray> arrays = readArchive(file);
            Map<String, Integer> sizes = new TreeMap<>();
            int rows = -1;
            for (Map.Entry<String, NpyArray> entry : arrays.entrySet()) {
                int[] shape = entry.getValue().shape();
                int entryRows = shape.length == 1 ? 1 : shape[0];
                if (rows >= 0 && entryRows != rows) {
                    throw new DataFormatException(file, "layer '" + entry.getKey() + "' has "
                            + entryRows + " rows, other layers have " + rows);
                }
                rows = entryRows;
                sizes.put(entry.getKey(), entry.getValue().size() / Math.max(1, entryRows));
            }
            ActivationLayout fileLayout = ActivationLayout.sorted(sizes);
            if (layout != null && !layout.equals(fileLayout)) {
                throw new DataFormatException(file, "holds layers " + fileLayout + " but "
                        + files.get(0).getFileName() + " holds " + layout);
            }
            layout = fileLayout;

            float[] values = new float[Math.multiplyExact(rows, layout.width())];
            for (ActivationLayout.Slice slice : layout.slices()) {
                float[] layer = arrays.get(slice.layer()).toFloatArray();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(layer, r * slice.size(), values,
                            r * layout.width() + slice.offset(), slice.size());
                }
            }
            parts.add(FloatMatrix.wrap(values, rows, layout.width()));
        }
        FloatMatrix matrix = parts.size() == 1 ? parts.get(0) : new StackedMatrix(parts);
        List<Integer> rows = parts.stream().map(FloatMatrix::rows).toList();
        return new Loaded(new Activations(matrix, layout, files, DType.FLOAT32), rows);
    }

    private static Map<String, NpyArray> readArchive(Path file) throws IOException {
        Map<String, NpyArray> arrays = new TreeMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".npy")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    NpyArray array = Npy.read(in, file.resolve(name));
                    if (!array.dtype().isFloatingPoint()) {
                        throw new DataFormatException(file, "layer '" + name
                                + "' holds " + array.dtype() + ", expected floating point");
                    }
                    arrays.put(name.substring(0, name.length() - 4), array);
                }
            }
        } catch (ZipException e) {
            throw new DataFormatException(file, "not a readable .npz archive: " + e.getMessage(),
                    e);
        }
        if (arrays.isEmpty()) {
            throw new DataFormatException(file, "the archive holds no .npy arrays");
        }
        return arrays;
    }

    /**
     * Checks that each sample's {@code activation_path} and {@code batch_index}, when the CSV
     * has them, point at the row the sample was matched with.
     */
    static void checkBatchColumns(SampleTable samples, Loaded loaded, Path csv,
            Path modelDirectory) throws DataFormatException {
        Optional<Column> paths = samples.table().find(SampleTable.ACTIVATION_PATH);
        Optional<Column> indices = samples.table().find(SampleTable.BATCH_INDEX);
        if (paths.isEmpty() || indices.isEmpty() || !indices.get().isNumeric()) {
            return;
        }

        Map<String, int[]> fileRows = new LinkedHashMap<>();
        int first = 0;
        Iterator<Path> files = loaded.activations().files().iterator();
        for (int rows : loaded.rowsPerFile()) {
            String stem = stem(modelDirectory.relativize(files.next().toAbsolutePath()));
            fileRows.put(stem, new int[] {first, rows});
            first += rows;
        }

        for (int row = 0; row < samples.size(); row++) {
            int[] span = fileRows.get(stem(paths.get().getString(row)));
            if (span == null) {
                LOG.debug("{}: activation_path values do not name the loaded files; "
                        + "rows are matched by position", csv);
                return;
            }
            double index = indices.get().getDouble(row);
            if (index != row - span[0]) {
                throw new DataFormatException(csv, "row " + row + " says its activations are "
                        + "row " + (long) index + " of " + paths.get().getString(row)
                        + ", but by position they are row " + (row - span[0])
                        + "; the CSV and the activation files are misaligned");
            }
        }
    }

    private static String stem(Path path) {
        return stem(path.toString());
    }

    private static String stem(String path) {
        String normalized = path.replace('\\', '/');
        while (normalized.startsWith("./")) {
            normalized = normalized.substring(2);
        }
        int dot = normalized.lastIndexOf('.');
        int slash = normalized.lastIndexOf('/');
        return dot > slash ? normalized.substring(0, dot) : normalized;
    }

    /**
     * Activations as read, with the number of rows each file contributed.
     *
     * @param activations the activations
     * @param rowsPerFile the row count of each file, in file order
     */
    record Loaded(Activations activations, List<Integer> rowsPerFile) {
    }
}
