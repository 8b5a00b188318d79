package io.github.diffviews.examples.backends;

import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineProvider;

/**
 * Provides the {@code profiling} engine. It is registered for {@link java.util.ServiceLoader} in
 * this module's {@code META-INF/services/io.github.diffviews.engine.EngineProvider}, so
 * {@code EngineProvider.engine("profiling")} and {@code -Ddiffviews.engine=profiling} (which
 * makes {@code ModelData.denoiser()} use it) find it. Its rank, 100, is above the PyTorch
 * engine's, so it is never chosen unless named.
 */
public final class ProfilingEngineProvider implements EngineProvider {

    /** The rank: higher than the PyTorch engine's, so only chosen by name. */
    public static final int RANK = 100;

    private static final ProfilingEngine ENGINE = new ProfilingEngine();

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public ProfilingEngineProvider() {
    }

    @Override
    public String name() {
        return ProfilingEngine.NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public DiffusionEngine get() {
        return ENGINE;
    }
}
