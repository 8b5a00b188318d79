package io.github.diffviews.viz.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Looks into directories the commands wrote, for leftovers. */
final class FileTreesForTests {

    private FileTreesForTests() {
    }

    static List<String> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    static boolean hasHiddenEntry(Path directory) throws IOException {
        return list(directory).stream().anyMatch(name -> name.startsWith("."));
    }
}
