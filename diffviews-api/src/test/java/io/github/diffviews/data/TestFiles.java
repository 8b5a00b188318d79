package io.github.diffviews.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** File helpers for tests. */
public final class TestFiles {

    private TestFiles() {
    }

    /** Deletes a directory tree, if it exists. */
    public static void deleteTree(Path directory) throws IOException {
        if (directory != null) {
            io.github.diffviews.io.FileTrees.delete(directory);
        }
    }

    /** Lists the files below a directory, relative to it, sorted. */
    public static java.util.List<String> list(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> directory.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
