package io.github.diffviews.examples.backends;

import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.spi.BackendException;
import io.github.diffviews.spi.Backends;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An engine that runs another engine and records every call: σ, batch size, masked and captured
 * layers, and the time the call took. Use it to see what a generation or an extraction asks of
 * the network, and what each call costs, without touching the code that makes the calls.
 *
 * <p>The wrapped engine is named by the system property {@value #DELEGATE_PROPERTY} (default
 * {@code pytorch}) and found through {@link Backends}, like any engine.
 */
public final class ProfilingEngine implements DiffusionEngine {

    /** The engine's name. */
    public static final String NAME = "profiling";

    /** The system property that names the engine this one wraps. */
    public static final String DELEGATE_PROPERTY = "diffviews.profiling.delegate";

    /** Creates the engine; the wrapped engine is looked up when a denoiser is opened. */
    public ProfilingEngine() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the wrapped engine's denoiser and wraps it.
     *
     * @param config the architecture
     * @param weights the weights file
     * @param options the device and threads
     * @return a {@link ProfiledDenoiser}
     * @throws IOException if the wrapped engine cannot read the weights
     * @throws BackendException if the wrapped engine is missing or is this engine
     */
    @Override
    public ProfiledDenoiser open(NetworkConfig config, Path weights, EngineOptions options)
            throws IOException {
        String delegate = System.getProperty(DELEGATE_PROPERTY, "pytorch");
        if (NAME.equalsIgnoreCase(delegate)) {
            throw new BackendException("-D" + DELEGATE_PROPERTY + "=" + delegate + " names the "
                    + "profiling engine itself; name the engine it should wrap");
        }
        DiffusionEngine engine = Backends.load(EngineProvider.KIND).select(delegate).get();
        return new ProfiledDenoiser(engine.open(config, weights, options), engine.name());
    }
}
