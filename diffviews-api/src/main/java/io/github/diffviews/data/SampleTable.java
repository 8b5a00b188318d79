package io.github.diffviews.data;

import io.github.diffviews.generation.NoiseLevels;
import io.github.diffviews.io.DataFormatException;
import io.github.diffviews.tensor.FloatMatrix;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The samples of a model: the embeddings CSV with its well-known columns checked and typed. The
 * row index is the identity of a sample everywhere (map points, neighbors, activation rows).
 *
 * <p>Every column of the file is kept ({@link #table()}); the well-known ones are optional
 * except that coordinates, when present, need both {@code umap_x} and {@code umap_y}.
 */
public final class SampleTable {

    /** Column of sample ids, {@code sample_000123} in the Python tool's data. */
    public static final String SAMPLE_ID = "sample_id";
    /** Column of class ids (ImageNet standard order for ImageNet models). */
    public static final String CLASS_LABEL = "class_label";
    /** Column of class names. */
    public static final String CLASS_NAME = "class_name";
    /** Column of image paths relative to the model directory. */
    public static final String IMAGE_PATH = "image_path";
    /** Column of the native σ at which the activations were taken. */
    public static final String CONDITIONING_SIGMA = "conditioning_sigma";
    /** Column of the noise level (0-100) at which the activations were taken. */
    public static final String NOISE_LEVEL = "noise_level";
    /** First map coordinate. */
    public static final String UMAP_X = "umap_x";
    /** Second map coordinate. */
    public static final String UMAP_Y = "umap_y";
    /** Third map coordinate, present for 3-D maps. */
    public static final String UMAP_Z = "umap_z";
    /** Column naming the activation batch file of a sample, without extension. */
    public static final String ACTIVATION_PATH = "activation_path";
    /** Column giving a sample's row inside its activation batch file. */
    public static final String BATCH_INDEX = "batch_index";

    private static final List<String> COORDINATE_COLUMNS = List.of(UMAP_X, UMAP_Y, UMAP_Z);

    private final CsvTable table;
    private final int[] classIds;
    private final FloatMatrix coordinates;
    private final Map<String, Integer> rowsById;

    private SampleTable(CsvTable table, int[] classIds, FloatMatrix coordinates,
            Map<String, Integer> rowsById) {
        this.table = table;
        this.classIds = classIds;
        this.coordinates = coordinates;
        this.rowsById = rowsById;
    }

    /**
     * Checks a table read from an embeddings CSV.
     *
     * @param table the table
     * @param source the CSV file, for messages
     * @param modelDirectory the directory image paths are relative to
     * @return the sample table
     * @throws DataFormatException if a well-known column has the wrong type, coordinates are
     *     missing or not finite, sample ids repeat, or an image path leaves the model directory
     */
    public static SampleTable of(CsvTable table, Path source, Path modelDirectory)
            throws DataFormatException {
        int[] classIds = readClassIds(table, source);
        FloatMatrix coordinates = readCoordinates(table, source);
        Map<String, Integer> rowsById = readSampleIds(table, source);
        checkImagePaths(table, source, modelDirectory);
        for (String column : List.of(CONDITIONING_SIGMA, NOISE_LEVEL)) {
            Optional<Column> values = table.find(column);
            if (values.isPresent() && !values.get().isNumeric()
                    && values.get().missingCount() < table.rows()) {
                throw new DataFormatException(source, "column '" + column
                        + "' must hold numbers, found text");
            }
        }
        return new SampleTable(table, classIds, coordinates, rowsById);
    }

    private static int[] readClassIds(CsvTable table, Path source) throws DataFormatException {
        Optional<Column> found = table.find(CLASS_LABEL);
        if (found.isEmpty()) {
            return null;
        }
        Column column = found.get();
        int[] ids = new int[table.rows()];
        for (int row = 0; row < ids.length; row++) {
            if (column.isMissing(row)) {
                ids[row] = -1;
                continue;
            }
            double value = column.isNumeric() ? column.getDouble(row) : Double.NaN;
            if (Double.isNaN(value) || value != Math.rint(value) || value < Integer.MIN_VALUE
                    || value > Integer.MAX_VALUE) {
                throw new DataFormatException(source, "row " + row + ": class_label '"
                        + column.getString(row) + "' is not a whole number");
            }
            if (value < -1) {
                throw new DataFormatException(source, "row " + row + ": class_label "
                        + column.getString(row) + " is negative; class ids are 0 or more (-1 or "
                        + "an empty cell for none)");
            }
            ids[row] = (int) value;
        }
        return ids;
    }

    private static FloatMatrix readCoordinates(CsvTable table, Path source)
            throws DataFormatException {
        boolean hasX = table.has(UMAP_X);
        boolean hasY = table.has(UMAP_Y);
        if (!hasX && !hasY) {
            if (table.has(UMAP_Z)) {
                throw new DataFormatException(source, "has umap_z but no umap_x and umap_y");
            }
            return null;
        }
        if (!hasX || !hasY) {
            throw new DataFormatException(source, "has " + (hasX ? UMAP_X : UMAP_Y)
                    + " but not " + (hasX ? UMAP_Y : UMAP_X) + ": coordinates need both");
        }

        int dimensions = table.has(UMAP_Z) ? 3 : 2;
        float[] values = new float[table.rows() * dimensions];
        for (int d = 0; d < dimensions; d++) {
            Column column = table.column(COORDINATE_COLUMNS.get(d));
            if (!column.isNumeric()) {
                throw new DataFormatException(source, "column '" + column.name()
                        + "' must hold numbers, found text");
            }
            for (int row = 0; row < table.rows(); row++) {
                double value = column.getDouble(row);
                if (!Double.isFinite(value)) {
                    throw new DataFormatException(source, "row " + row + ": " + column.name()
                            + " is " + (column.isMissing(row) ? "missing" : value)
                            + ", expected a finite number");
                }
                values[row * dimensions + d] = (float) value;
            }
        }
        return FloatMatrix.wrap(values, table.rows(), dimensions);
    }

    private static Map<String, Integer> readSampleIds(CsvTable table, Path source)
            throws DataFormatException {
        Optional<Column> found = table.find(SAMPLE_ID);
        if (found.isEmpty()) {
            return null;
        }
        Column column = found.get();
        Map<String, Integer> rowsById = new HashMap<>(table.rows() * 2);
        for (int row = 0; row < table.rows(); row++) {
            if (column.isMissing(row)) {
                throw new DataFormatException(source, "row " + row + " has no sample_id");
            }
            Integer earlier = rowsById.putIfAbsent(column.getString(row), row);
            if (earlier != null) {
                throw new DataFormatException(source, "sample_id '" + column.getString(row)
                        + "' appears in rows " + earlier + " and " + row
                        + "; sample ids must be unique");
            }
        }
        return rowsById;
    }

    private static void checkImagePaths(CsvTable table, Path source, Path modelDirectory)
            throws DataFormatException {
        Optional<Column> found = table.find(IMAGE_PATH);
        if (found.isEmpty()) {
            return;
        }
        Path base = modelDirectory.toAbsolutePath().normalize();
        Column column = found.get();
        for (int row = 0; row < table.rows(); row++) {
            if (column.isMissing(row)) {
                continue;
            }
            String written = column.getString(row);
            if (!isInside(base, written)) {
                throw new DataFormatException(source, "row " + row + ": image_path '" + written
                        + "' leaves the model directory " + base);
            }
        }
    }

    /**
     * Tells whether a relative path written in a data file stays inside a directory.
     *
     * @param base the directory, absolute and normalised
     * @param written the path as written
     * @return false for absolute paths, paths that climb out with {@code ..}, and malformed
     *     paths
     */
    static boolean isInside(Path base, String written) {
        try {
            if (written.indexOf('\0') >= 0) {
                return false;
            }
            Path relative = Path.of(written);
            if (relative.isAbsolute() || written.startsWith("/") || written.startsWith("\\")) {
                return false;
            }
            return base.resolve(relative).normalize().startsWith(base);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * Returns the number of samples.
     *
     * @return the row count
     */
    public int size() {
        return table.rows();
    }

    /**
     * Returns the whole table, every column of the file included.
     *
     * @return the table
     */
    public CsvTable table() {
        return table;
    }

    /**
     * Returns a sample's id.
     *
     * @param sample the row index
     * @return the {@code sample_id}, or the row index as text when the column is absent
     */
    public String sampleId(int sample) {
        checkIndex(sample);
        return table.find(SAMPLE_ID).map(c -> c.getString(sample))
                .orElse(Integer.toString(sample));
    }

    /**
     * Finds a sample by its id.
     *
     * @param sampleId the {@code sample_id}
     * @return the row index, if any
     */
    public Optional<Integer> indexOf(String sampleId) {
        if (rowsById == null) {
            try {
                int row = Integer.parseInt(sampleId);
                return row >= 0 && row < size() ? Optional.of(row) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(rowsById.get(sampleId));
    }

    /**
     * Tells whether the samples carry class ids.
     *
     * @return true if a {@code class_label} column exists
     */
    public boolean hasClassLabels() {
        return classIds != null;
    }

    /**
     * Returns a sample's class id.
     *
     * @param sample the row index
     * @return the class id, or -1 when unknown
     */
    public int classId(int sample) {
        checkIndex(sample);
        return classIds == null ? -1 : classIds[sample];
    }

    /**
     * Returns the class name written for a sample in the CSV.
     *
     * @param sample the row index
     * @return the {@code class_name} cell, if present and not empty
     */
    public Optional<String> className(int sample) {
        checkIndex(sample);
        return table.find(CLASS_NAME).filter(c -> !c.isMissing(sample))
                .map(c -> c.getString(sample));
    }

    /**
     * Returns a sample's image path as written, relative to the model directory.
     *
     * @param sample the row index
     * @return the path, if the sample has one
     */
    public Optional<String> imagePath(int sample) {
        checkIndex(sample);
        return table.find(IMAGE_PATH).filter(c -> !c.isMissing(sample))
                .map(c -> c.getString(sample));
    }

    /**
     * Returns the native σ at which a sample's activations were taken.
     *
     * @param sample the row index
     * @return σ from {@code conditioning_sigma}, else from {@code noise_level}, else NaN
     */
    public double sigma(int sample) {
        checkIndex(sample);
        Optional<Column> sigma = table.find(CONDITIONING_SIGMA).filter(Column::isNumeric);
        if (sigma.isPresent() && !sigma.get().isMissing(sample)) {
            return sigma.get().getDouble(sample);
        }
        Optional<Column> level = table.find(NOISE_LEVEL).filter(Column::isNumeric);
        if (level.isPresent() && !level.get().isMissing(sample)) {
            return NoiseLevels.toSigma(level.get().getDouble(sample));
        }
        return Double.NaN;
    }

    /**
     * Returns the noise level (0-100) at which a sample's activations were taken.
     *
     * @param sample the row index
     * @return {@code noise_level}, else converted from {@code conditioning_sigma}, else NaN
     */
    public double noiseLevel(int sample) {
        checkIndex(sample);
        Optional<Column> level = table.find(NOISE_LEVEL).filter(Column::isNumeric);
        if (level.isPresent() && !level.get().isMissing(sample)) {
            return level.get().getDouble(sample);
        }
        double sigma = sigma(sample);
        return Double.isNaN(sigma) ? Double.NaN : NoiseLevels.toNoiseLevel(sigma);
    }

    /**
     * Returns the map coordinates.
     *
     * @return an {@code N x 2} or {@code N x 3} matrix, if the CSV has coordinates
     */
    public Optional<FloatMatrix> coordinates() {
        return Optional.ofNullable(coordinates);
    }

    private void checkIndex(int sample) {
        if (sample < 0 || sample >= table.rows()) {
            throw new IndexOutOfBoundsException("Sample " + sample + " is out of range: the "
                    + "model has " + table.rows() + " samples (0-" + (table.rows() - 1) + ")");
        }
    }

    @Override
    public String toString() {
        return "SampleTable[" + size() + " samples, columns " + table.columnNames() + "]";
    }
}
