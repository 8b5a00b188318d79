package io.github.diffviews.projection;

import io.github.diffviews.spi.BackendException;
import io.github.diffviews.spi.Backends;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Entry points to the projection backends: the default backend, a backend by name, and loading a
 * saved projection with the backend that wrote it.
 *
 * <pre>{@code
 * Projection projection = Projections.backend().fit(rows, UmapParameters.defaults());
 * projection.save(dir);
 * float[] point = Projections.load(dir).transform(activation);
 * }</pre>
 */
public final class Projections {

    private Projections() {
    }

    /**
     * Returns the default projection backend: the one named by {@code -Ddiffviews.projection} or
     * {@code DIFFVIEWS_PROJECTION}, otherwise the lowest-ranked one on the class path.
     *
     * @return the backend
     * @throws BackendException if none is on the class path (add {@code diffviews-umap})
     */
    public static ProjectionBackend backend() {
        return backend(null);
    }

    /**
     * Returns the projection backend with the given name.
     *
     * @param name the backend's name, for example {@code "smile"}, or null for the default
     * @return the backend
     * @throws BackendException if there is none with that name
     */
    public static ProjectionBackend backend(String name) {
        return Backends.load(ProjectionProvider.KIND).select(name).get();
    }

    /**
     * Loads a saved projection: reads its descriptor, checks the format version, and delegates to
     * the backend recorded there.
     *
     * @param directory the saved projection's directory
     * @return the projection
     * @throws io.github.diffviews.io.DataFormatException if the directory is not a saved
     *     projection or was written by a newer version of the format
     * @throws BackendException if the backend that wrote it is not on the class path
     * @throws IOException if it cannot be read
     */
    public static Projection load(Path directory) throws IOException {
        ProjectionFormat.Descriptor descriptor = ProjectionFormat.readDescriptor(directory);
        ProjectionProvider provider;
        try {
            provider = Backends.load(ProjectionProvider.KIND).select(descriptor.backend());
        } catch (BackendException e) {
            throw new BackendException(descriptor.file() + ": saved by the projection backend '"
                    + descriptor.backend() + "', which is not available: " + e.getMessage(), e);
        }
        return provider.get().load(directory);
    }
}
