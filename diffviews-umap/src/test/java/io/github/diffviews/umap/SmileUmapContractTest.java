package io.github.diffviews.umap;

import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.umap.internal.SmileUmapBackend;

/**
 * The contract for the Smile backend. Smile's fit is not reproducible within one JVM (its
 * ARPACK start vector comes from a native generator that advances with every call), so the
 * determinism property checks only that each fitted projection transforms deterministically.
 */
class SmileUmapContractTest implements ProjectionContract {

    @Override
    public ProjectionBackend backend() {
        return new SmileUmapBackend();
    }

    @Override
    public boolean reproducibleFit() {
        return false;
    }
}
