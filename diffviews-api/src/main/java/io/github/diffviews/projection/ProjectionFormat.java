package io.github.diffviews.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.diffviews.io.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The saved form of a projection: a directory holding {@value #DESCRIPTOR_FILE} and
 * {@code .npy} arrays.
 *
 * <p>The descriptor is a JSON object with at least {@code "format"} ({@value #FORMAT_NAME}),
 * {@code "format_version"} (an integer, {@value #VERSION} for this library), {@code "backend"}
 * (the name of the provider that reads the rest) and {@code "parameters"} (the
 * {@link UmapParameters} as JSON). The backend adds the shapes, a description of the
 * preprocessing and the names of its arrays. A reader refuses a directory whose format version is
 * newer than its own, naming the file and both versions; it never executes or unpickles anything.
 */
public final class ProjectionFormat {

    /** The name of the descriptor file inside a saved projection's directory. */
    public static final String DESCRIPTOR_FILE = "projection.json";

    /** The value of the descriptor's {@code "format"} entry. */
    public static final String FORMAT_NAME = "diffviews-projection";

    /** The newest format version this library reads and the one it writes. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectionFormat() {
    }

    /**
     * Reads and checks the descriptor of a saved projection.
     *
     * @param directory the saved projection's directory
     * @return the descriptor's identifying entries and its whole JSON tree
     * @throws DataFormatException if the descriptor is missing or malformed, names another
     *     format, or has a newer version than {@link #VERSION}; the message names the file
     * @throws IOException if the descriptor cannot be read
     */
    public static Descriptor readDescriptor(Path directory) throws IOException {
        Path file = directory.resolve(DESCRIPTOR_FILE);
        if (!Files.isDirectory(directory)) {
            throw new DataFormatException(directory, "not a directory; a saved projection is a "
                    + "directory holding " + DESCRIPTOR_FILE);
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found; " + directory
                    + " is not a saved projection", e);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DataFormatException(file, "expected a JSON object");
        }

        String format = root.path("format").asText("");
        if (!FORMAT_NAME.equals(format)) {
            throw new DataFormatException(file, "expected \"format\": \"" + FORMAT_NAME
                    + "\", found " + root.path("format"));
        }
        JsonNode versionNode = root.path("format_version");
        if (!versionNode.isIntegralNumber()) {
            throw new DataFormatException(file, "expected an integer \"format_version\", found "
                    + versionNode);
        }
        int version = versionNode.intValue();
        if (version > VERSION) {
            throw new DataFormatException(file, "format version " + version + " is newer than "
                    + "this library reads (version " + VERSION + "); update DiffViews to load it");
        }
        if (version < 1) {
            throw new DataFormatException(file, "invalid format version " + version);
        }
        String backend = root.path("backend").asText("");
        if (backend.isBlank()) {
            throw new DataFormatException(file, "missing \"backend\"");
        }
        return new Descriptor(file, version, backend, root);
    }

    /**
     * The identifying entries of a descriptor.
     *
     * @param file the descriptor file
     * @param version its format version
     * @param backend the name of the backend that wrote it
     * @param json the whole descriptor
     */
    public record Descriptor(Path file, int version, String backend, JsonNode json) {
    }
}
