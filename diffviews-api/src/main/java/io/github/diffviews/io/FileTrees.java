package io.github.diffviews.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes directory trees, deepest entries first. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes a file or a directory with everything below it; does nothing if it is absent.
     *
     * @param path the file or directory
     * @throws IOException if an entry cannot be deleted
     */
    public static void delete(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path entry : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }
}
