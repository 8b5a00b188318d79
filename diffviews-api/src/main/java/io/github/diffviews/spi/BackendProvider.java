package io.github.diffviews.spi;

/**
 * A pluggable backend found through {@link java.util.ServiceLoader}.
 *
 * <p>A provider is cheap to construct: it only names its backend and ranks it. The backend itself
 * (a native library, a thread pool, a model cache) is created on the first call to {@link #get()}
 * and reused afterwards, so merely listing the available providers never loads anything heavy.
 * Providers are listed in {@code META-INF/services/<provider interface>} of the module that
 * implements them; {@link Backends} picks one.
 *
 * @param <T> the type of the backend this provider creates
 */
public interface BackendProvider<T> {

    /**
     * Returns the short, stable name users select this backend by, for example {@code pytorch}.
     *
     * @return the backend's name, lower case, without spaces
     */
    String name();

    /**
     * Returns the rank of this provider: when no backend is named explicitly, the provider with
     * the lowest rank wins.
     *
     * @return the rank, lower is preferred
     */
    int rank();

    /**
     * Returns the backend, creating it on first use. Implementations must be thread-safe and
     * return the same instance on every call.
     *
     * @return the backend
     * @throws BackendException if the backend cannot be created (a missing native library, say)
     */
    T get();
}
