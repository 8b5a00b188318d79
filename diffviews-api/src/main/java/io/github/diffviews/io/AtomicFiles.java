package io.github.diffviews.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * part: the content goes to a temporary file beside the target, is flushed to disk, and then
 * replaces the target in one rename.
 */
public final class AtomicFiles {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {
    }

    /**
     * Writes the content produced by a callback.
     *
     * @param file the target file; missing parent directories are created
     * @param content writes the content to the stream it is given
     * @throws IOException if writing fails; the target is then unchanged
     */
    public static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temporary = temporarySibling(target);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            }
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes a UTF-8 string.
     *
     * @param file the target file; missing parent directories are created
     * @param text the content
     * @throws IOException if writing fails; the target is then unchanged
     */
    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Returns a fresh hidden name beside a target for its temporary file. Unlike
     * {@link Files#createTempFile}, the file is created later with the process's usual
     * permissions (the umask), so the finished file is as readable as any other.
     *
     * @param target the file to be replaced
     * @return a path in the same directory that does not exist yet
     */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(RANDOM.nextLong()) + ".tmp");
    }

    /**
     * Moves a finished temporary file over its target, atomically where the file system allows.
     *
     * @param temporary the finished file
     * @param target the file it replaces
     * @throws IOException if the move fails
     */
    public static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {

        /**
         * Writes the content.
         *
         * @param out the stream to write to; closed by the caller
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }
}
