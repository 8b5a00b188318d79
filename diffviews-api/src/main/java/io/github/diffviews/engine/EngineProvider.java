package io.github.diffviews.engine;

import io.github.diffviews.spi.BackendException;
import io.github.diffviews.spi.BackendProvider;
import io.github.diffviews.spi.Backends;

/**
 * Supplies a {@link DiffusionEngine}. Implementations are listed in
 * {@code META-INF/services/io.github.diffviews.engine.EngineProvider}; the module
 * {@code io.github.diffviews:diffviews-torch} provides {@code pytorch}.
 *
 * <p>The engine used when none is named is chosen by {@link Backends}: the system property
 * {@code diffviews.engine}, then the environment variable {@code DIFFVIEWS_ENGINE}, then the
 * provider with the lowest rank.
 */
public interface EngineProvider extends BackendProvider<DiffusionEngine> {

    /** How engines are found and selected. */
    Backends.Kind<EngineProvider> KIND = new Backends.Kind<>(EngineProvider.class,
            "diffusion engine", "diffviews.engine", "DIFFVIEWS_ENGINE",
            "io.github.diffviews:diffviews-torch");

    /**
     * Returns the default engine (see the class description for how it is chosen).
     *
     * @return the engine
     * @throws BackendException if no engine is on the class path, the configured name is
     *     unknown, or the engine fails to start
     */
    static DiffusionEngine defaultEngine() {
        return Backends.load(KIND).select().get();
    }

    /**
     * Returns the engine with a given name.
     *
     * @param name the engine's name, for example {@code pytorch}; null for the default
     * @return the engine
     * @throws BackendException if there is no such engine or it fails to start
     */
    static DiffusionEngine engine(String name) {
        return Backends.load(KIND).select(name).get();
    }
}
