package io.github.diffviews.examples.backends;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.network.LayerCatalog;
import io.github.diffviews.network.NetworkConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A denoiser that passes every call to another and records it. Thread-safe, like the denoiser
 * it wraps.
 */
public final class ProfiledDenoiser implements Denoiser {

    /**
     * One recorded call.
     *
     * @param sigma σ of the first item
     * @param batch the batch size
     * @param masked the masked layers
     * @param captured the captured layers
     * @param nanos how long the call took
     */
    public record Call(double sigma, int batch, Set<String> masked, Set<String> captured,
            long nanos) {
    }

    private final Denoiser delegate;
    private final String engine;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    ProfiledDenoiser(Denoiser delegate, String engine) {
        this.delegate = delegate;
        this.engine = engine;
    }

    /**
     * Returns the name of the engine that does the work.
     *
     * @return for example {@code pytorch}
     */
    public String engine() {
        return engine;
    }

    /**
     * Returns the calls so far, oldest first.
     *
     * @return a copy
     */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /**
     * Forgets the calls so far.
     */
    public void clear() {
        calls.clear();
    }

    /**
     * Returns a one-line summary: calls, total and mean time.
     *
     * @return the summary
     */
    public String summary() {
        List<Call> snapshot = calls();
        long total = snapshot.stream().mapToLong(Call::nanos).sum();
        return String.format(Locale.ROOT, "%d calls on %s, %.1f ms in all, %.2f ms each",
                snapshot.size(), engine, total / 1e6,
                snapshot.isEmpty() ? 0.0 : total / 1e6 / snapshot.size());
    }

    @Override
    public NetworkConfig config() {
        return delegate.config();
    }

    @Override
    public LayerCatalog layers() {
        return delegate.layers();
    }

    @Override
    public DenoiseResult denoise(DenoiseRequest request) {
        long started = System.nanoTime();
        DenoiseResult result = delegate.denoise(request);
        calls.add(new Call(request.sigmas()[0], request.batchSize(),
                Collections.unmodifiableSet(new TreeSet<>(request.masks().keySet())),
                Collections.unmodifiableSet(new TreeSet<>(request.captures())),
                System.nanoTime() - started));
        return result;
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "ProfiledDenoiser[" + summary() + "]";
    }
}
