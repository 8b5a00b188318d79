package io.github.diffviews.data;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.Objects;

/**
 * One column of a {@link CsvTable}, immutable, with the type its values were read as. An empty
 * cell is a missing value: {@link #isMissing(int)} is true for it, numeric accessors return NaN
 * and text accessors return the empty string.
 */
public final class Column {

    private final String name;
    private final ColumnType type;
    private final long[] integers;
    private final double[] decimals;
    private final String[] texts;
    private final BitSet missing;

    private Column(String name, ColumnType type, long[] integers, double[] decimals,
            String[] texts, BitSet missing) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.integers = integers;
        this.decimals = decimals;
        this.texts = texts;
        this.missing = missing;
    }

    /**
     * Creates a column from raw cell texts, choosing the narrowest type that holds every present
     * value: whole numbers, then numbers (including {@code nan} and {@code inf}), then text.
     *
     * @param name the column name
     * @param cells the cell texts, one per row; empty means missing
     * @return the typed column
     */
    public static Column parse(String name, String[] cells) {
        BitSet missing = new BitSet(cells.length);
        long[] integers = new long[cells.length];
        double[] decimals = null;
        boolean numbers = true;
        int present = 0;
        for (int row = 0; row < cells.length && numbers; row++) {
            String cell = cells[row];
            if (cell == null || cell.isEmpty()) {
                missing.set(row);
                if (decimals != null) {
                    decimals[row] = Double.NaN;
                }
                continue;
            }
            present++;
            if (decimals == null) {
                Long integer = parseInteger(cell);
                if (integer != null) {
                    integers[row] = integer;
                    continue;
                }
                decimals = new double[cells.length];
                for (int earlier = 0; earlier < row; earlier++) {
                    decimals[earlier] = missing.get(earlier) ? Double.NaN : integers[earlier];
                }
            }
            double value = parseDecimal(cell);
            if (Double.isNaN(value) && !isNanLiteral(cell)) {
                numbers = false;
            }
            decimals[row] = value;
        }

        if (present > 0 && numbers) {
            String[] original = new String[cells.length];
            for (int row = 0; row < cells.length; row++) {
                original[row] = cells[row] == null ? "" : cells[row];
            }
            return decimals == null
                    ? new Column(name, ColumnType.INTEGER, integers, null, original, missing)
                    : new Column(name, ColumnType.DECIMAL, null, decimals, original, missing);
        }
        missing.clear();
        String[] values = new String[cells.length];
        for (int row = 0; row < cells.length; row++) {
            values[row] = cells[row] == null ? "" : cells[row];
            if (values[row].isEmpty()) {
                missing.set(row);
            }
        }
        return new Column(name, ColumnType.TEXT, null, null, values, missing);
    }

    /**
     * Creates a column of whole numbers.
     *
     * @param name the column name
     * @param values the values, one per row
     * @return the column
     */
    public static Column ofIntegers(String name, long[] values) {
        return new Column(name, ColumnType.INTEGER, values.clone(), null, null, new BitSet());
    }

    /**
     * Creates a column of numbers; NaN values are written as empty cells.
     *
     * @param name the column name
     * @param values the values, one per row
     * @return the column
     */
    public static Column ofDecimals(String name, double[] values) {
        BitSet missing = new BitSet(values.length);
        for (int row = 0; row < values.length; row++) {
            if (Double.isNaN(values[row])) {
                missing.set(row);
            }
        }
        return new Column(name, ColumnType.DECIMAL, null, values.clone(), null, missing);
    }

    /**
     * Creates a column of text.
     *
     * @param name the column name
     * @param values the values, one per row; null and empty are missing
     * @return the column
     */
    public static Column ofTexts(String name, String[] values) {
        BitSet missing = new BitSet(values.length);
        String[] copy = new String[values.length];
        for (int row = 0; row < values.length; row++) {
            copy[row] = values[row] == null ? "" : values[row];
            if (copy[row].isEmpty()) {
                missing.set(row);
            }
        }
        return new Column(name, ColumnType.TEXT, null, null, copy, missing);
    }

    /**
     * Returns the given rows of this column, in the given order, keeping its type.
     *
     * @param rows the row indices to keep
     * @return the new column
     */
    public Column select(int[] rows) {
        BitSet selectedMissing = new BitSet(rows.length);
        for (int i = 0; i < rows.length; i++) {
            if (isMissing(rows[i])) {
                selectedMissing.set(i);
            }
        }
        switch (type) {
            case INTEGER: {
                long[] values = new long[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    values[i] = integers[rows[i]];
                }
                return new Column(name, type, values, null, selectTexts(rows), selectedMissing);
            }
            case DECIMAL: {
                double[] values = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    values[i] = decimals[rows[i]];
                }
                return new Column(name, type, null, values, selectTexts(rows), selectedMissing);
            }
            default:
                return new Column(name, type, null, null, selectTexts(rows), selectedMissing);
        }
    }

    private String[] selectTexts(int[] rows) {
        if (texts == null) {
            return null;
        }
        String[] values = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = texts[rows[i]];
        }
        return values;
    }

    /**
     * Returns the column name as written in the header.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the type the values were read as.
     *
     * @return the type
     */
    public ColumnType type() {
        return type;
    }

    /**
     * Returns the number of rows.
     *
     * @return the row count
     */
    public int size() {
        return type == ColumnType.INTEGER ? integers.length
                : type == ColumnType.DECIMAL ? decimals.length : texts.length;
    }

    /**
     * Tells whether a cell was empty.
     *
     * @param row the row index
     * @return true if the value is missing
     */
    public boolean isMissing(int row) {
        Objects.checkIndex(row, size());
        return missing.get(row);
    }

    /**
     * Counts the missing cells.
     *
     * @return the number of empty cells
     */
    public int missingCount() {
        return missing.cardinality();
    }

    /**
     * Tells whether the values are numbers.
     *
     * @return true for {@link ColumnType#INTEGER} and {@link ColumnType#DECIMAL}
     */
    public boolean isNumeric() {
        return type != ColumnType.TEXT;
    }

    /**
     * Returns a value as a whole number.
     *
     * @param row the row index
     * @return the value
     * @throws IllegalStateException if the column is not {@link ColumnType#INTEGER} or the cell
     *     is missing
     */
    public long getLong(int row) {
        if (type != ColumnType.INTEGER) {
            throw new IllegalStateException("Column '" + name + "' holds " + type
                    + " values, not whole numbers");
        }
        if (missing.get(row)) {
            throw new IllegalStateException("Column '" + name + "' has no value in row " + row);
        }
        return integers[row];
    }

    /**
     * Returns a value as a number.
     *
     * @param row the row index
     * @return the value, NaN when missing
     * @throws IllegalStateException if the column holds text
     */
    public double getDouble(int row) {
        if (type == ColumnType.TEXT) {
            throw new IllegalStateException("Column '" + name + "' holds text, not numbers");
        }
        if (missing.get(row)) {
            return Double.NaN;
        }
        return type == ColumnType.INTEGER ? integers[row] : decimals[row];
    }

    /**
     * Returns a value as text: the cell exactly as it was read, or, for a column built from
     * numbers, the number formatted the way it will be written.
     *
     * @param row the row index
     * @return the text, empty when missing
     */
    public String getString(int row) {
        Objects.checkIndex(row, size());
        if (missing.get(row)) {
            return "";
        }
        if (texts != null) {
            return texts[row];
        }
        switch (type) {
            case INTEGER:
                return Long.toString(integers[row]);
            case DECIMAL:
                return formatDecimal(decimals[row]);
            default:
                return texts[row];
        }
    }

    private static String formatDecimal(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return Double.toString(value);
    }

    private static Long parseInteger(String cell) {
        String text = cell;
        int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        if (text.length() == start || text.length() > 19) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isNanLiteral(String cell) {
        return cell.equalsIgnoreCase("nan") || cell.equalsIgnoreCase("-nan")
                || cell.equalsIgnoreCase("+nan");
    }

    /** Parses a decimal number as pandas writes them; NaN when the text is not one. */
    private static double parseDecimal(String cell) {
        boolean plain = !cell.isEmpty();
        for (int i = 0; i < cell.length() && plain; i++) {
            char c = cell.charAt(i);
            plain = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e'
                    || c == 'E';
        }
        if (plain) {
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        String sign = cell.startsWith("-") ? "-" : "";
        String magnitude = cell.startsWith("-") || cell.startsWith("+") ? cell.substring(1)
                : cell;
        if (magnitude.equalsIgnoreCase("inf") || magnitude.equalsIgnoreCase("infinity")) {
            return sign.isEmpty() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return Double.NaN;
    }

    @Override
    public String toString() {
        return "Column[" + name + ", " + type + ", " + size() + " rows"
                + (missing.isEmpty() ? "" : ", " + missing.cardinality() + " missing") + "]";
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Column that)) {
            return false;
        }
        return name.equals(that.name) && type == that.type && missing.equals(that.missing)
                && Arrays.equals(integers, that.integers) && Arrays.equals(decimals, that.decimals)
                && Arrays.equals(texts, that.texts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, size());
    }
}
