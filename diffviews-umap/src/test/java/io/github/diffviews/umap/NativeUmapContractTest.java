package io.github.diffviews.umap;

import io.github.diffviews.projection.ProjectionBackend;
import io.github.diffviews.umap.internal.NativeUmapBackend;

class NativeUmapContractTest implements ProjectionContract {

    @Override
    public ProjectionBackend backend() {
        return new NativeUmapBackend();
    }
}
