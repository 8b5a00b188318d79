package io.github.diffviews.umap.internal;

import io.github.diffviews.projection.UmapParameters;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.FloatMatrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UMAP written for this library: McInnes, Healy and Melville, "UMAP: Uniform Manifold
 * Approximation and Projection for Dimension Reduction", arXiv:1802.03426 (2018), with
 * umap-learn's defaults, and NN-descent (Dong, Charikar and Li, WWW 2011,
 * doi:10.1145/1963405.1963487) for the neighbor graph of large inputs.
 *
 * <pre>
 * The fit, stage by stage (each stage reports progress and checks for cancellation):
 *   preprocess  standardise columns, PCA to 50 components when wider ({@link Preprocessor})
 *   neighbors   exact k-NN below 4,096 rows, NN-descent above ({@link NearestNeighbors})
 *   graph       smooth k-NN distances and the fuzzy union ({@link FuzzyGraph}); edges too light
 *               to be sampled in the given number of epochs are dropped
 *   init        spectral layout of the graph, random for what it cannot handle
 *               ({@link SpectralInit})
 *   optimize    SGD with negative sampling, a and b fitted from min_dist and spread
 *               ({@link CurveFit}, {@link LayoutOptimizer})
 * Every random choice derives from the seed and the identity of the work it serves, and every
 * parallel loop writes only its own outputs, so the same seed gives the same embedding, bit for
 * bit, whatever the number of threads.
 * </pre>
 */
public final class NativeUmapBackend extends UmapBackendBase {

    /** The name the provider registers this backend under. */
    public static final String NAME = "native";

    private static final Logger LOG = LoggerFactory.getLogger(NativeUmapBackend.class);

    /** Creates the backend. */
    public NativeUmapBackend() {
        super(NAME);
    }

    @Override
    UmapModel layout(FloatMatrix rows, UmapParameters parameters, Prepared prepared,
            WorkPool pool, ProgressListener progress, CancellationToken cancellation) {
        int n = rows.rows();
        int components = parameters.components();
        int epochs = parameters.epochsFor(n);

        progress.progress(Stages.GRAPH, 0, 1);
        FuzzyGraph graph = FuzzyGraph.of(prepared.knn()).pruned(epochs);
        progress.progress(Stages.GRAPH, 1, 1);
        cancellation.throwIfCancelled("UMAP fit");

        progress.progress(Stages.INIT, 0, 1);
        float[] embedding = SpectralInit.layout(graph, prepared.rows(), prepared.width(),
                components, parameters.seed(), pool);
        progress.progress(Stages.INIT, 1, 1);
        cancellation.throwIfCancelled("UMAP fit");

        double[] curve = CurveFit.fit(parameters.spread(), parameters.minDist());
        LOG.debug("UMAP layout: {} rows, {} graph edges, {} epochs, a = {}, b = {}", n,
                graph.edges(), epochs, curve[0], curve[1]);
        LayoutOptimizer.optimize(graph, embedding, components, curve[0], curve[1], epochs,
                parameters.seed(), pool, progress, cancellation);
        return new UmapModel(NAME, parameters, prepared.preprocessor(), prepared.rows(),
                prepared.knn(), embedding, components, curve[0], curve[1]);
    }
}
