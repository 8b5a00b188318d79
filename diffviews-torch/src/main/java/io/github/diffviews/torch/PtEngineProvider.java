package io.github.diffviews.torch;

import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineProvider;

/**
 * Provides the {@code pytorch} engine: EDM's preconditioned ADM U-Net built from DJL blocks on
 * DJL's PyTorch engine, with weights read from safetensors under their upstream names.
 *
 * <p>Loading this class sets {@code ai.djl.offline=true} unless the property is already set, so
 * DJL never tries to download a native library: the one in {@code pytorch-native-cpu} on the
 * class path is used. It also turns off DJL's TorchScript graph optimizer (irrelevant to the
 * eager operators used here) unless set. The engine itself starts on the first {@link #get()}.
 */
public final class PtEngineProvider implements EngineProvider {

    /** The engine's name. */
    public static final String NAME = "pytorch";

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // The graph executor only serves TorchScript models; this engine runs eager operators.
        if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
            System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        }
    }

    private volatile PtEngine engine;

    /**
     * Creates the provider; nothing native is loaded until {@link #get()}.
     */
    public PtEngineProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public DiffusionEngine get() {
        PtEngine started = engine;
        if (started == null) {
            synchronized (this) {
                started = engine;
                if (started == null) {
                    started = PtEngine.start();
                    engine = started;
                }
            }
        }
        return started;
    }
}
