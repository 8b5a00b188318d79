package io.github.diffviews.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start compiles against the library as it is. */
class ReadmeQuickStartTest {

    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path classes;

    @Test
    void quickStart_readmeBlock_compilesAgainstTheLibrary() throws IOException {
        String source = quickStartBlock(Files.readString(README));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));

        boolean compiled = compiler.getTask(null, null, diagnostics, List.of("-classpath",
                classPath, "-d", classes.toString(), "-proc:none"), null,
                List.of(new Source("QuickStart", source))).call();

        String errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null))
                .collect(Collectors.joining("\n"));
        assertEquals("", errors);
        assertTrue(compiled);
        assertTrue(Files.isRegularFile(classes.resolve("QuickStart.class")));
    }

    /** The Java block of the "Quick start in code" section. */
    private static String quickStartBlock(String readme) {
        int section = readme.indexOf("\n## Quick start in code");
        assertTrue(section >= 0, "README.md has no 'Quick start in code' section");
        int start = readme.indexOf("```java\n", section);
        int end = readme.indexOf("\n```", start + 1);
        assertTrue(start > 0 && end > start && readme.indexOf("\n## ", section + 1) > end,
                "the section has no Java block");
        String block = readme.substring(start + "```java\n".length(), end);
        assertNotNull(block);
        assertTrue(block.contains("public class QuickStart"), block);
        return block;
    }

    private static final class Source extends SimpleJavaFileObject {

        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
