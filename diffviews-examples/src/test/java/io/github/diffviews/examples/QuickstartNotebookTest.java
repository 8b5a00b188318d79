package io.github.diffviews.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.notebook.Notebooks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every code cell of {@code notebooks/diffviews-quickstart.ipynb}, in order, through JShell
 * (the engine of the IJava and JJava kernels) on a tiny data directory, inside a JJava kernel
 * built from the real {@code jjava-jupyter} jar whose evaluation is that JShell. Each cell's last
 * expression is rendered by the kernel's renderer, as the kernel shows it under the cell.
 */
class QuickstartNotebookTest {

    private static final Path NOTEBOOK = Path.of("notebooks", "diffviews-quickstart.ipynb");

    @TempDir
    Path root;

    @Test
    void notebook_isNbformat4WithMavenLinesFirst() throws IOException {
        JsonNode notebook = new ObjectMapper().readTree(NOTEBOOK.toFile());

        assertEquals(4, notebook.path("nbformat").asInt());
        assertTrue(notebook.path("nbformat_minor").isInt());
        assertTrue(notebook.path("metadata").isObject());
        for (JsonNode cell : notebook.path("cells")) {
            assertTrue(List.of("markdown", "code").contains(cell.path("cell_type").asText()),
                    cell.toString());
            assertTrue(cell.path("id").isTextual() && cell.path("metadata").isObject());
            assertTrue(cell.path("source").isArray());
            if (cell.path("cell_type").asText().equals("code")) {
                assertTrue(cell.path("outputs").isArray() && cell.has("execution_count"));
            }
        }
        String first = source(codeCells(notebook).get(0));
        assertTrue(first.startsWith("%maven io.github.diffviews:diffviews-api:"), first);
        assertTrue(first.contains("%maven ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:"
                + "2.7.1"), first);
        assertTrue(first.contains("System.setProperty(\"ai.djl.offline\", \"true\")"), first);
    }

    @Test
    void notebook_everyCodeCell_runsAndShowsItsFiguresAndImages() throws Exception {
        Path data = root.resolve("data");
        TinyDataDirectories.generatingModel(data, "tiny", 40);
        JsonNode notebook = new ObjectMapper().readTree(NOTEBOOK.toFile());
        List<JsonNode> cells = codeCells(notebook);

        String previous = System.setProperty("diffviews.data", data.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        JShellKernel kernel = new JShellKernel(new PrintStream(printed, true,
                StandardCharsets.UTF_8));
        try {
            // JShell's local execution prints to this JVM's System.out, as a kernel's cells do.
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            kernel.becomeNotebookKernel();
            // A real kernel runs before the library's classes load, and their first use
            // registers the renderers; in this test JVM other tests may have loaded them first.
            assertEquals("JJava", Notebooks.installIfPresent().orElseThrow());
            int figures = 0;
            int images = 0;
            for (int i = 0; i < cells.size(); i++) {
                JsonNode cell = cells.get(i);
                String where = "code cell " + i + " (" + firstLine(source(cell)) + ")";
                DisplayData shown = kernel.eval(source(cell));
                List<String> tags = tags(cell);
                if (tags.contains("figure")) {
                    checkFigure(shown, where);
                    figures++;
                }
                if (tags.contains("image")) {
                    checkImage(shown, where);
                    images++;
                }
            }
            assertEquals(3, figures);
            assertEquals(3, images);
            String output = printed.toString(StandardCharsets.UTF_8);
            assertTrue(output.contains("tiny: 40 samples of 10 classes"), output);
            assertTrue(output.contains("map.html") && output.contains("frames.png"), output);
        } finally {
            System.setOut(console);
            kernel.close();
            if (previous == null) {
                System.clearProperty("diffviews.data");
            } else {
                System.setProperty("diffviews.data", previous);
            }
        }
    }

    private static void checkFigure(DisplayData shown, String where) {
        assertNotNull(shown, where + " shows nothing");
        Object html = shown.getData(MIMEType.TEXT_HTML);
        assertNotNull(html, where + " shows no HTML");
        assertTrue(html.toString().contains("newPlot"), where + " shows no Plotly figure");
        assertTrue(html.toString().contains("data:image/png;base64,"), where
                + " has no PNG for viewers without scripts");
    }

    private static void checkImage(DisplayData shown, String where) throws IOException {
        assertNotNull(shown, where + " shows nothing");
        Object png = shown.getData(MIMEType.IMAGE_PNG);
        assertNotNull(png, where + " shows no PNG");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder()
                .decode(png.toString())));
        assertNotNull(image, where + " shows an unreadable PNG");
        assertTrue(image.getWidth() >= 16 && image.getHeight() >= 16, where);
    }

    private static List<JsonNode> codeCells(JsonNode notebook) {
        List<JsonNode> cells = new ArrayList<>();
        notebook.path("cells").forEach(cell -> {
            if (cell.path("cell_type").asText().equals("code")) {
                cells.add(cell);
            }
        });
        return cells;
    }

    private static String source(JsonNode cell) {
        StringBuilder text = new StringBuilder();
        cell.path("source").forEach(line -> text.append(line.asText()));
        return text.toString();
    }

    private static List<String> tags(JsonNode cell) {
        List<String> tags = new ArrayList<>();
        cell.path("metadata").path("tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    private static String firstLine(String source) {
        return source.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
    }

    /**
     * A JJava kernel (the real {@code BaseKernel} and {@code Renderer}) whose evaluation is a
     * JShell in this JVM, as JJava's own is: cells are split into snippets by JShell's source
     * analysis, {@code %} magic lines are dropped (the class path is already there), and the
     * value of the cell's last expression is returned for the renderer to show.
     */
    private static final class JShellKernel extends BaseKernel {

        private final JShell shell;

        JShellKernel(PrintStream out) {
            super("jshell-test", "1.0", null, List.of(), null,
                    new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                    null, null, false, new StringStyler("", "", "", line -> ""));
            // The kernels show a BufferedImage as PNG.
            getRenderer().createRegistration(BufferedImage.class).preferring(MIMEType.IMAGE_PNG)
                    .register((image, context) -> context.renderIfRequested(MIMEType.IMAGE_PNG,
                            () -> png(image)));
            shell = JShell.builder().executionEngine("local").out(out).err(out).build();
            String classPath = System.getProperty("surefire.test.class.path",
                    System.getProperty("java.class.path"));
            for (String entry : classPath.split(File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
        }

        void becomeNotebookKernel() {
            installNotebookKernel();
        }

        void close() {
            uninstallNotebookKernel();
            shell.close();
        }

        @Override
        public Object evalRaw(String cell) {
            String code = cell.lines().filter(line -> !line.stripLeading().startsWith("%"))
                    .collect(Collectors.joining("\n"));
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            Snippet last = null;
            String remaining = code;
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break;
                }
                if (!info.completeness().isComplete()) {
                    fail("Incomplete source: " + remaining);
                }
                last = run(info.source());
                remaining = info.remaining();
            }
            if (last instanceof ExpressionSnippet expression) {
                run(NotebookValues.class.getName() + ".keep(" + expression.name() + ");");
                return NotebookValues.take();
            }
            if (last instanceof VarSnippet variable
                    && last.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                run(NotebookValues.class.getName() + ".keep(" + variable.name() + ");");
                return NotebookValues.take();
            }
            return null;
        }

        private Snippet run(String source) {
            Snippet snippet = null;
            for (SnippetEvent event : shell.eval(source)) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                snippet = event.snippet();
                if (event.status() == Snippet.Status.REJECTED) {
                    fail("Rejected: " + source.strip() + "\n" + shell.diagnostics(snippet)
                            .map(diag -> diag.getMessage(null)).collect(Collectors.joining("\n")));
                }
                List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).toList();
                if (!errors.isEmpty()) {
                    fail("Errors in: " + source.strip() + "\n" + errors.stream()
                            .map(diag -> diag.getMessage(null)).collect(Collectors.joining("\n")));
                }
                if (event.exception() != null) {
                    Exception e = event.exception();
                    String type = e instanceof EvalException eval ? eval.getExceptionClassName()
                            : e.getClass().getName();
                    throw new AssertionError("Threw " + type + ": " + e.getMessage() + "\nin: "
                            + source.strip(), e);
                }
            }
            return snippet;
        }

        private static String png(BufferedImage image) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_YES;
        }
    }
}
