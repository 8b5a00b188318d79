package io.github.diffviews.data;

import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable table read from or written to a CSV file in the dialect pandas writes: a header
 * row, comma separators, fields quoted with {@code "} when they hold a comma, a quote or a line
 * break, quotes doubled inside quoted fields, and empty cells for missing values.
 *
 * <p>Every column is kept, in file order, with the type its values fit ({@link ColumnType}); the
 * row index is the identity of the row.
 */
public final class CsvTable {

    private final List<Column> columns;
    private final Map<String, Column> byName;
    private final int rows;

    private CsvTable(List<Column> columns, int rows) {
        this.columns = List.copyOf(columns);
        Map<String, Column> index = new LinkedHashMap<>();
        for (Column column : columns) {
            if (column.size() != rows) {
                throw new IllegalArgumentException("Column '" + column.name() + "' has "
                        + column.size() + " rows, expected " + rows);
            }
            if (index.putIfAbsent(column.name(), column) != null) {
                throw new IllegalArgumentException("Column '" + column.name()
                        + "' appears twice");
            }
        }
        this.byName = Collections.unmodifiableMap(index);
        this.rows = rows;
    }

    /**
     * Creates a table from columns of equal length.
     *
     * @param columns the columns in order
     * @return the table
     * @throws IllegalArgumentException if the columns differ in length or share a name
     */
    public static CsvTable of(List<Column> columns) {
        return new CsvTable(columns, columns.isEmpty() ? 0 : columns.get(0).size());
    }

    /**
     * Reads a UTF-8 CSV file (a leading byte-order mark is ignored).
     *
     * @param file the file
     * @return the table
     * @throws DataFormatException if the file is not well-formed CSV, naming the line
     * @throws IOException if the file cannot be read
     */
    public static CsvTable read(Path file) throws IOException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found", e);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, "not UTF-8 text", e);
        }
        return parse(text, file);
    }

    /**
     * Parses CSV text.
     *
     * @param in the text
     * @param source the file name for messages, may be null
     * @return the table
     * @throws DataFormatException if the text is not well-formed CSV
     * @throws IOException if reading fails
     */
    public static CsvTable parse(Reader in, Path source) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[1 << 14];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            text.append(buffer, 0, read);
        }
        return parse(text.toString(), source);
    }

    private static CsvTable parse(String text, Path source) throws IOException {
        List<List<String>> records = new Records(text, source).readAll();
        if (records.isEmpty()) {
            throw new DataFormatException(source, "empty CSV file: expected a header row");
        }

        List<String> header = records.get(0);
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        int width = header.size();
        int rowCount = records.size() - 1;
        String[][] cells = new String[width][rowCount];
        for (int row = 0; row < rowCount; row++) {
            List<String> record = records.get(row + 1);
            if (record.size() != width) {
                throw new DataFormatException(source, "row " + row + " (record " + (row + 2)
                        + ") has " + record.size() + " fields, the header has " + width);
            }
            for (int c = 0; c < width; c++) {
                cells[c][row] = record.get(c);
            }
        }

        List<Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            String name = header.get(c);
            for (int earlier = 0; earlier < c; earlier++) {
                if (header.get(earlier).equals(name)) {
                    throw new DataFormatException(source, "column '" + name
                            + "' appears twice in the header");
                }
            }
            columns.add(Column.parse(name, cells[c]));
        }
        return new CsvTable(columns, rowCount);
    }

    /**
     * Returns the number of rows, not counting the header.
     *
     * @return the row count
     */
    public int rows() {
        return rows;
    }

    /**
     * Returns the columns in file order.
     *
     * @return the columns
     */
    public List<Column> columns() {
        return columns;
    }

    /**
     * Returns the column names in file order.
     *
     * @return the names
     */
    public List<String> columnNames() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Looks a column up by name.
     *
     * @param name the header name
     * @return the column, or empty if there is none
     */
    public Optional<Column> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Tells whether a column exists.
     *
     * @param name the header name
     * @return true if present
     */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /**
     * Returns a column by name.
     *
     * @param name the header name
     * @return the column
     * @throws IllegalArgumentException if there is no such column
     */
    public Column column(String name) {
        Column column = byName.get(name);
        if (column == null) {
            throw new IllegalArgumentException("No column '" + name + "'; columns: "
                    + String.join(", ", byName.keySet()));
        }
        return column;
    }

    /**
     * Returns a table with one column added at the end, or replaced in place if the name exists.
     *
     * @param column the column, as long as the table
     * @return the new table
     */
    public CsvTable withColumn(Column column) {
        List<Column> updated = new ArrayList<>(columns);
        int at = columnNames().indexOf(column.name());
        if (at >= 0) {
            updated.set(at, column);
        } else {
            updated.add(column);
        }
        return new CsvTable(updated, column.size());
    }

    /**
     * Returns a table with only the given rows, in the given order.
     *
     * @param rowIndices the rows to keep
     * @return the new table
     */
    public CsvTable selectRows(int[] rowIndices) {
        List<Column> selected = new ArrayList<>(columns.size());
        for (Column column : columns) {
            selected.add(column.select(rowIndices));
        }
        return new CsvTable(selected, rowIndices.length);
    }

    /**
     * Formats the table as CSV text.
     *
     * @return the text, with a header row and {@code \n} line ends
     */
    public String toCsv() {
        StringBuilder out = new StringBuilder();
        appendRecord(out, columnNames());
        List<String> record = new ArrayList<>(columns.size());
        for (int row = 0; row < rows; row++) {
            record.clear();
            for (Column column : columns) {
                record.add(column.getString(row));
            }
            appendRecord(out, record);
        }
        return out.toString();
    }

    /**
     * Writes the table as a UTF-8 CSV file, replacing the target atomically.
     *
     * @param file the target file
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv());
    }

    private static void appendRecord(StringBuilder out, List<String> fields) {
        if (fields.size() == 1 && fields.get(0).isEmpty()) {
            // A lone empty field would be a blank line, which readers skip: quote it.
            out.append("\"\"\n");
            return;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String field = fields.get(i);
            boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0
                    || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0;
            if (quote) {
                out.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                out.append(field);
            }
        }
        out.append('\n');
    }

    /** Splits CSV text into records of fields, scanning the text once. */
    private static final class Records {

        private final String text;
        private final Path source;
        private int at;
        private int line = 1;

        Records(String text, Path source) {
            this.text = text;
            this.source = source;
        }

        List<List<String>> readAll() throws DataFormatException {
            List<List<String>> records = new ArrayList<>();
            while (at < text.length()) {
                List<String> record = next();
                if (!record.isEmpty()) {
                    records.add(record);
                }
            }
            return records;
        }

        /** Reads one record; an empty list stands for a blank line. */
        private List<String> next() throws DataFormatException {
            List<String> fields = new ArrayList<>();
            int length = text.length();
            if (text.charAt(at) == '\n' || text.charAt(at) == '\r') {
                skipLineEnd();
                return fields;
            }
            while (true) {
                if (at < length && text.charAt(at) == '"') {
                    fields.add(quotedField());
                } else {
                    int start = at;
                    while (at < length) {
                        char c = text.charAt(at);
                        if (c == ',' || c == '\n' || c == '\r') {
                            break;
                        }
                        at++;
                    }
                    fields.add(text.substring(start, at));
                }
                if (at >= length) {
                    return fields;
                }
                char c = text.charAt(at);
                if (c == ',') {
                    at++;
                    continue;
                }
                skipLineEnd();
                return fields;
            }
        }

        private String quotedField() throws DataFormatException {
            int startLine = line;
            at++;
            StringBuilder field = new StringBuilder();
            int length = text.length();
            while (true) {
                int quote = text.indexOf('"', at);
                if (quote < 0) {
                    throw new DataFormatException(source, "unterminated quoted field starting "
                            + "on line " + startLine);
                }
                for (int i = at; i < quote; i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                    }
                }
                field.append(text, at, quote);
                at = quote + 1;
                if (at < length && text.charAt(at) == '"') {
                    field.append('"');
                    at++;
                    continue;
                }
                if (at < length && text.charAt(at) != ',' && text.charAt(at) != '\n'
                        && text.charAt(at) != '\r') {
                    throw new DataFormatException(source, "unexpected text after a closing "
                            + "quote on line " + line);
                }
                return field.toString();
            }
        }

        private void skipLineEnd() {
            if (at < text.length() && text.charAt(at) == '\r') {
                at++;
            }
            if (at < text.length() && text.charAt(at) == '\n') {
                at++;
            }
            line++;
        }
    }
}
