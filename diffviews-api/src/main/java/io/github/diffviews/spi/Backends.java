package io.github.diffviews.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the providers of one kind of backend and chooses among them.
 *
 * <p>The choice is, in order: the name passed to {@link #select(String)}; the system property
 * named by {@link Kind#property()}; the environment variable named by {@link Kind#envVariable()};
 * otherwise the provider with the lowest {@link BackendProvider#rank() rank} (ties broken by
 * name, so the choice never depends on class-path order). When no provider is on the class path
 * the error names the Maven module that supplies one.
 *
 * @param <P> the provider interface
 */
public final class Backends<P extends BackendProvider<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private final Kind<P> kind;
    private final List<P> providers;
    private final UnaryOperator<String> environment;

    private Backends(Kind<P> kind, List<P> providers, UnaryOperator<String> environment) {
        this.kind = kind;
        this.providers = List.copyOf(providers);
        this.environment = environment;
    }

    /**
     * Loads every provider of a kind visible to the thread's context class loader (or, without
     * one, to the class loader of the provider interface).
     *
     * @param kind the kind of backend
     * @param <P> the provider interface
     * @return the providers found, sorted by rank then name
     */
    public static <P extends BackendProvider<?>> Backends<P> load(Kind<P> kind) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = kind.providerType().getClassLoader();
        }

        List<P> found = new ArrayList<>();
        for (P provider : ServiceLoader.load(kind.providerType(), loader)) {
            LOG.debug("Found {} provider '{}' (rank {}) in {}", kind.description(),
                    provider.name(), provider.rank(), provider.getClass().getName());
            found.add(provider);
        }
        return of(kind, found, System::getenv);
    }

    /**
     * Creates a selection over the given providers, for tests and for callers that register
     * providers by hand.
     *
     * @param kind the kind of backend
     * @param providers the providers to choose among
     * @param environment looks up environment variables (normally {@link System#getenv})
     * @param <P> the provider interface
     * @return the selection, sorted by rank then name
     */
    public static <P extends BackendProvider<?>> Backends<P> of(
            Kind<P> kind, List<P> providers, UnaryOperator<String> environment) {
        List<P> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.<P>comparingInt(BackendProvider::rank)
                .thenComparing(BackendProvider::name));
        return new Backends<>(kind, sorted, environment);
    }

    /**
     * Returns the providers found, preferred first.
     *
     * @return the providers, sorted by rank then name
     */
    public List<P> providers() {
        return providers;
    }

    /**
     * Returns the provider that an unnamed request gets: the one named by the system property or
     * environment variable of the kind, else the lowest rank.
     *
     * @return the default provider
     * @throws BackendException if there is none, or if the configured name is unknown
     */
    public P select() {
        return select(null);
    }

    /**
     * Returns the provider with the given name, or the default one when the name is null or
     * blank.
     *
     * @param name the backend's name, or null for the default
     * @return the chosen provider
     * @throws BackendException if there is no provider at all, or none with that name
     */
    public P select(String name) {
        if (providers.isEmpty()) {
            throw new BackendException(String.format(Locale.ROOT,
                    "No %s is available: add the Maven module %s (or another module that "
                            + "provides %s) to the class path",
                    kind.description(), kind.moduleHint(), kind.providerType().getName()));
        }

        String requested = firstNonBlank(name, System.getProperty(kind.property()),
                environment.apply(kind.envVariable()));
        if (requested == null) {
            return providers.get(0);
        }

        for (P provider : providers) {
            if (provider.name().equalsIgnoreCase(requested.trim())) {
                return provider;
            }
        }
        throw new BackendException(String.format(Locale.ROOT,
                "Unknown %s '%s' (set by argument, -D%s or %s); available: %s",
                kind.description(), requested, kind.property(), kind.envVariable(),
                providers.stream().map(BackendProvider::name).collect(Collectors.joining(", "))));
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /**
     * Describes one kind of backend: its provider interface and how users name and add one.
     *
     * @param providerType the provider interface listed in {@code META-INF/services}
     * @param description a short name for messages, for example {@code "diffusion engine"}
     * @param property the system property that selects a provider by name
     * @param envVariable the environment variable that selects a provider by name
     * @param moduleHint the Maven coordinates of the module that supplies a provider
     * @param <P> the provider interface
     */
    public record Kind<P extends BackendProvider<?>>(Class<P> providerType, String description,
            String property, String envVariable, String moduleHint) {

        /**
         * Checks that every component is present.
         */
        public Kind {
            Objects.requireNonNull(providerType, "providerType");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(property, "property");
            Objects.requireNonNull(envVariable, "envVariable");
            Objects.requireNonNull(moduleHint, "moduleHint");
        }
    }
}
