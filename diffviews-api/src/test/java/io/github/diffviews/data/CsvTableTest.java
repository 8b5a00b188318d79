package io.github.diffviews.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

    @TempDir
    Path dir;

    @Test
    void parse_pandasStyleFile_keepsEveryColumnWithItsType() throws IOException {
        String text = "sample_id,class_label,class_name,umap_x,umap_y,extra\n"
                + "sample_000000,88,\"macaw, blue\",1.5,-2,\n"
                + "sample_000001,930,French_loaf,1e-3,4.0,\"say \"\"hi\"\"\"\n";

        CsvTable table = CsvTable.parse(new StringReader(text), null);

        assertEquals(2, table.rows());
        assertEquals(List.of("sample_id", "class_label", "class_name", "umap_x", "umap_y",
                "extra"), table.columnNames());
        assertEquals(ColumnType.TEXT, table.column("sample_id").type());
        assertEquals(ColumnType.INTEGER, table.column("class_label").type());
        assertEquals(930L, table.column("class_label").getLong(1));
        assertEquals("macaw, blue", table.column("class_name").getString(0));
        assertEquals(ColumnType.DECIMAL, table.column("umap_x").type());
        assertEquals(0.001, table.column("umap_x").getDouble(1));
        assertTrue(table.column("extra").isMissing(0));
        assertEquals("say \"hi\"", table.column("extra").getString(1));
    }

    @Test
    void parse_windowsLineEndsBomAndQuotedNewline_areHandled() throws IOException {
        String text = "\uFEFFa,b\r\n1,\"two\r\nlines\"\r\n3,x\r\n";

        CsvTable table = CsvTable.parse(new StringReader(text), null);

        assertEquals(List.of("a", "b"), table.columnNames());
        assertEquals("two\r\nlines", table.column("b").getString(0));
        assertEquals(3L, table.column("a").getLong(1));
    }

    @Test
    void parse_nanAndInfinity_areNumbers() throws IOException {
        CsvTable table = CsvTable.parse(new StringReader("s\n0.5\nnan\ninf\n-inf\n"), null);

        Column column = table.column("s");
        assertEquals(ColumnType.DECIMAL, column.type());
        assertTrue(Double.isNaN(column.getDouble(1)));
        assertFalse(column.isMissing(1));
        assertEquals(Double.NEGATIVE_INFINITY, column.getDouble(3));
    }

    @Test
    void parse_raggedRow_namesTheRowAndCounts() {
        Path source = dir.resolve("bad.csv");
        DataFormatException error = assertThrows(DataFormatException.class,
                () -> CsvTable.parse(new StringReader("a,b\n1,2\n3\n"), source));

        assertTrue(error.getMessage().startsWith(source.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("row 1"), error.getMessage());
        assertTrue(error.getMessage().contains("has 1 fields, the header has 2"),
                error.getMessage());
    }

    @Test
    void parse_unterminatedQuote_isRejected() {
        DataFormatException error = assertThrows(DataFormatException.class,
                () -> CsvTable.parse(new StringReader("a\n\"open\n"), null));
        assertTrue(error.getMessage().contains("unterminated"), error.getMessage());
    }

    @Test
    void parse_duplicateHeader_isRejected() {
        DataFormatException error = assertThrows(DataFormatException.class,
                () -> CsvTable.parse(new StringReader("a,a\n1,2\n"), null));
        assertTrue(error.getMessage().contains("appears twice"), error.getMessage());
    }

    @Test
    void read_missingFile_namesIt() {
        Path missing = dir.resolve("nothing.csv");
        DataFormatException error = assertThrows(DataFormatException.class,
                () -> CsvTable.read(missing));
        assertTrue(error.getMessage().startsWith(missing.toString()));
    }

    @Test
    void read_notUtf8_isRejected() throws IOException {
        Path file = dir.resolve("latin.csv");
        Files.write(file, new byte[] {'a', '\n', (byte) 0xff, (byte) 0xfe, '\n'});

        DataFormatException error = assertThrows(DataFormatException.class,
                () -> CsvTable.read(file));
        assertTrue(error.getMessage().contains("UTF-8"), error.getMessage());
    }

    @Test
    void selectRows_keepsColumnTypes() throws IOException {
        CsvTable table = CsvTable.parse(new StringReader("x,y\n1.5,a\n2.0,b\n"), null);

        CsvTable selected = table.selectRows(new int[] {1});

        assertEquals(ColumnType.DECIMAL, selected.column("x").type());
        assertEquals(2.0, selected.column("x").getDouble(0));
        assertEquals("b", selected.column("y").getString(0));
    }

    @Property(tries = 100)
    void writeThenRead_anyCells_roundTrips(@ForAll("tables") List<List<String>> rows)
            throws IOException {
        int width = rows.get(0).size();
        List<Column> columns = new java.util.ArrayList<>();
        for (int c = 0; c < width; c++) {
            String[] cells = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                cells[r] = rows.get(r).get(c);
            }
            columns.add(Column.ofTexts("col," + c + "\"", cells));
        }
        CsvTable table = CsvTable.of(columns);

        CsvTable read = CsvTable.parse(new StringReader(table.toCsv()), null);

        assertEquals(table.columnNames(), read.columnNames());
        assertEquals(table.rows(), read.rows());
        for (int c = 0; c < width; c++) {
            for (int r = 0; r < rows.size(); r++) {
                assertEquals(table.columns().get(c).getString(r),
                        read.columns().get(c).getString(r));
            }
        }
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        Arbitrary<String> cell = Arbitraries.strings().withChars("ab,\" \n\r1.-xé")
                .ofMaxLength(6);
        return Arbitraries.integers().between(1, 4).flatMap(width ->
                cell.list().ofSize(width).list().ofMinSize(1).ofMaxSize(6));
    }
}
