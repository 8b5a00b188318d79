package io.github.diffviews.viz.server;

import com.sun.net.httpserver.HttpServer;
import io.github.diffviews.ModelData;
import io.github.diffviews.Visualizer;
import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive viewer: a local web server with one page (the map, neighbors, generation,
 * frames) and the JSON API behind it, on the JDK's HTTP server.
 *
 * <pre>{@code
 * try (ViewerServer server = ViewerServer.builder(Visualizer.open(Path.of("data")))
 *         .port(0).start()) {
 *     System.out.println(server.browserUri());
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>Each browser tab gets its own session, holding its exploration state and the frames of its
 * generations; sessions expire after a period without requests. Models are shared, read-only,
 * between sessions; a model's network is opened on its first generation. Generations run on a
 * bounded pool; when it is full the page is told the viewer is busy.
 *
 * <p>By default the server binds 127.0.0.1 and answers only this machine, checking both the peer
 * and the {@code Host} header. With a {@link Builder#token(String) token}, every API call must
 * present it (header {@code X-DiffViews-Token}); the page reads it once from its
 * {@code ?token=} query parameter, as Jupyter does, or asks for it.
 */
public final class ViewerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerServer.class);

    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer http;
    private final ExecutorService requests;
    private final ScheduledExecutorService sweeper;
    private final GenerationPool pool;
    private final SessionStore sessions;
    private final Map<String, ModelRuntime> runtimes;
    private final String token;
    private final String displayHost;
    private final Visualizer owned;
    private volatile boolean stopped;
    private final Object stopLock = new Object();

    private ViewerServer(HttpServer http, ExecutorService requests,
            ScheduledExecutorService sweeper, GenerationPool pool, SessionStore sessions,
            Map<String, ModelRuntime> runtimes, String token, String displayHost,
            Visualizer owned) {
        this.http = http;
        this.requests = requests;
        this.sweeper = sweeper;
        this.pool = pool;
        this.sessions = sessions;
        this.runtimes = runtimes;
        this.token = token;
        this.displayHost = displayHost;
        this.owned = owned;
    }

    /**
     * Starts configuring a server for the models of a visualizer.
     *
     * @param visualizer the opened data directory
     * @return the builder
     */
    public static Builder builder(Visualizer visualizer) {
        return new Builder(Objects.requireNonNull(visualizer, "visualizer"), null);
    }

    /**
     * Starts configuring a server for a data directory, which is opened when the server starts
     * and closed when it stops.
     *
     * @param dataDirectory a model directory, or a root of model directories
     * @return the builder
     */
    public static Builder builder(Path dataDirectory) {
        return new Builder(null, Objects.requireNonNull(dataDirectory, "dataDirectory"));
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the bound address, with the real port when port 0 was asked for
     */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Returns the viewer's address, without the token.
     *
     * @return for example {@code http://127.0.0.1:7860/}
     */
    public URI uri() {
        return URI.create("http://" + displayHost + ":" + port() + "/");
    }

    /**
     * Returns the address to open in a browser: {@link #uri()} with {@code ?token=} when the
     * server has a token.
     *
     * @return the address
     */
    public URI browserUri() {
        return token == null ? uri() : URI.create(uri() + "?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /**
     * Returns the number of open sessions.
     *
     * @return the count
     */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Blocks until the server is stopped by {@link #stop()} or the thread is interrupted.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitStop() throws InterruptedException {
        synchronized (stopLock) {
            while (!stopped) {
                stopLock.wait();
            }
        }
    }

    /**
     * Stops the server: no new connections, running generations cancelled, sessions dropped,
     * networks closed, and the data directory closed when the server opened it. Calling it
     * again does nothing.
     */
    public void stop() {
        synchronized (stopLock) {
            if (stopped) {
                return;
            }
            stopped = true;
            stopLock.notifyAll();
        }
        http.stop(0);
        sweeper.shutdownNow();
        sessions.closeAll();
        pool.close();
        requests.shutdownNow();
        runtimes.values().forEach(ModelRuntime::close);
        if (owned != null) {
            owned.close();
        }
        LOG.info("Viewer at {} stopped", uri());
    }

    /** Stops the server, as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ViewerServer[" + uri() + ", models " + runtimes.keySet() + "]";
    }

    /**
     * Configures a {@link ViewerServer}. Setters check their own value; {@link #start()} binds
     * the port.
     */
    public static final class Builder {

        private final Visualizer given;
        private final Path dataDirectory;
        private String host = "127.0.0.1";
        private int port = 7860;
        private String token;
        private Duration sessionTimeout = Duration.ofHours(1);
        private Integer workers;
        private Integer queue;
        private int requestThreads = 8;
        private int maxBodyBytes = 64 * 1024;
        private int maxSessions = 500;
        private int maxTrajectories = 50;
        private EngineOptions engineOptions = EngineOptions.defaults();
        private DiffusionEngine engine;
        private LongSupplier ticker = System::nanoTime;

        private Builder(Visualizer visualizer, Path dataDirectory) {
            this.given = visualizer;
            this.dataDirectory = dataDirectory;
        }

        /**
         * Sets the address to bind.
         *
         * @param value a host name or address; {@code 127.0.0.1} by default, {@code 0.0.0.0}
         *     for every interface (then only clients with the token get answers)
         * @return this builder
         */
        public Builder host(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("Host is empty; expected an address such "
                        + "as 127.0.0.1");
            }
            this.host = value.trim();
            return this;
        }

        /**
         * Sets the port.
         *
         * @param value 1-65535, or 0 for a free port; 7860 by default
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("Port " + value + " is out of range; "
                        + "expected 0 (a free port) to 65535");
            }
            this.port = value;
            return this;
        }

        /**
         * Requires a token on every API call.
         *
         * @param value the token (at least 8 characters), or null for none
         * @return this builder
         */
        public Builder token(String value) {
            if (value != null && (value.length() < 8 || value.length() > 512
                    || !value.chars().allMatch(c -> c > 32 && c < 127))) {
                throw new IllegalArgumentException("The token must be 8 to 512 printable ASCII "
                        + "characters without spaces");
            }
            this.token = value;
            return this;
        }

        /**
         * Sets how long a session lives without requests.
         *
         * @param value at least one second; one hour by default
         * @return this builder
         */
        public Builder sessionTimeout(Duration value) {
            if (value == null || value.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("Session timeout " + value
                        + " is too short; expected at least 1 s");
            }
            this.sessionTimeout = value;
            return this;
        }

        /**
         * Sets how many generations run at once.
         *
         * @param value 1-64; 1 on the CPU and 2 on a GPU by default
         * @return this builder
         */
        public Builder generationWorkers(int value) {
            if (value < 1 || value > 64) {
                throw new IllegalArgumentException("Generation workers " + value
                        + " out of range; expected 1 to 64");
            }
            this.workers = value;
            return this;
        }

        /**
         * Sets how many generations may wait for a worker; beyond that the page is told the
         * viewer is busy.
         *
         * @param value 0-1000; 2 on the CPU and 4 on a GPU by default
         * @return this builder
         */
        public Builder generationQueue(int value) {
            if (value < 0 || value > 1000) {
                throw new IllegalArgumentException("Generation queue " + value
                        + " out of range; expected 0 to 1000");
            }
            this.queue = value;
            return this;
        }

        /**
         * Sets the number of threads answering requests.
         *
         * @param value 1-256; 8 by default
         * @return this builder
         */
        public Builder requestThreads(int value) {
            if (value < 1 || value > 256) {
                throw new IllegalArgumentException("Request threads " + value
                        + " out of range; expected 1 to 256");
            }
            this.requestThreads = value;
            return this;
        }

        /**
         * Sets the largest request body accepted.
         *
         * @param value 1 KiB to 16 MiB; 64 KiB by default
         * @return this builder
         */
        public Builder maxBodyBytes(int value) {
            if (value < 1024 || value > 16 << 20) {
                throw new IllegalArgumentException("Body limit " + value
                        + " out of range; expected 1024 to 16 MiB");
            }
            this.maxBodyBytes = value;
            return this;
        }

        /**
         * Sets how many sessions may be open at once.
         *
         * @param value 1-100,000; 500 by default
         * @return this builder
         */
        public Builder maxSessions(int value) {
            if (value < 1 || value > 100_000) {
                throw new IllegalArgumentException("Session limit " + value
                        + " out of range; expected 1 to 100000");
            }
            this.maxSessions = value;
            return this;
        }

        /**
         * Sets how many trajectories (with their frames) a session keeps before it must clear.
         *
         * @param value 1-1000; 50 by default
         * @return this builder
         */
        public Builder maxTrajectoriesPerSession(int value) {
            if (value < 1 || value > 1000) {
                throw new IllegalArgumentException("Trajectory limit " + value
                        + " out of range; expected 1 to 1000");
            }
            this.maxTrajectories = value;
            return this;
        }

        /**
         * Sets where networks run.
         *
         * @param value the device and threads; the CPU by default
         * @return this builder
         */
        public Builder engineOptions(EngineOptions value) {
            this.engineOptions = Objects.requireNonNull(value, "engineOptions");
            return this;
        }

        /**
         * Sets the engine that opens networks, instead of the default engine found through
         * {@link EngineProvider}.
         *
         * @param value the engine
         * @return this builder
         */
        public Builder engine(DiffusionEngine value) {
            this.engine = Objects.requireNonNull(value, "engine");
            return this;
        }

        /** Replaces the clock sessions expire by, for tests. */
        Builder ticker(LongSupplier value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @return the running server
         * @throws IOException if the data directory cannot be opened, or the port cannot be
         *     bound (in use, or not permitted)
         * @throws IllegalStateException if a model has no map coordinates to draw
         */
        public ViewerServer start() throws IOException {
            Visualizer visualizer = given != null ? given : Visualizer.open(dataDirectory);
            try {
                return start(visualizer);
            } catch (IOException | RuntimeException e) {
                if (given == null) {
                    visualizer.close();
                }
                throw e;
            }
        }

        private ViewerServer start(Visualizer visualizer) throws IOException {
            Supplier<DiffusionEngine> engines = engine != null ? () -> engine
                    : EngineProvider::defaultEngine;
            Map<String, ModelRuntime> runtimes = new LinkedHashMap<>();
            for (String name : visualizer.models()) {
                ModelData model = visualizer.model(name);
                if (model.coordinates().isEmpty()) {
                    throw new IllegalStateException("Model '" + name + "' has no map "
                            + "coordinates (umap_x, umap_y) in " + model.files().embeddingsFile()
                            + "; compute a map before viewing it");
                }
                runtimes.put(name, new ModelRuntime(model, engines, engineOptions));
            }

            // Without TCP_NODELAY a small response written in two parts waits for the client's
            // delayed acknowledgement (about 40 ms a request). The JDK's server reads this once,
            // when its first instance is created.
            if (System.getProperty(NODELAY_PROPERTY) == null) {
                System.setProperty(NODELAY_PROPERTY, "true");
            }
            InetSocketAddress bind = new InetSocketAddress(host, port);
            if (bind.isUnresolved()) {
                throw new IOException("Cannot resolve host '" + host + "'");
            }
            HttpServer http;
            try {
                http = HttpServer.create(bind, 64);
            } catch (BindException e) {
                throw new IOException("Cannot listen on " + host + ":" + port + ": "
                        + e.getMessage() + "; choose another port with --port (0 picks a free "
                        + "one)", e);
            }

            boolean gpu = engineOptions.isGpu();
            GenerationPool pool = new GenerationPool(workers != null ? workers : gpu ? 2 : 1,
                    queue != null ? queue : gpu ? 4 : 2);
            SessionStore sessions = new SessionStore(sessionTimeout.toNanos(), maxSessions,
                    ticker);
            AccessGuard guard = new AccessGuard(token);
            StaticAssets assets = new StaticAssets();
            Router router = new Router(guard, sessions, assets, maxBodyBytes);
            new Api(visualizer.models(), visualizer.defaultModel(), runtimes, sessions, pool,
                    maxTrajectories).register(router);
            http.createContext("/", router);
            ExecutorService requests = Executors.newFixedThreadPool(requestThreads,
                    daemonThreads("diffviews-http-"));
            http.setExecutor(requests);
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                    daemonThreads("diffviews-sessions-"));
            long period = Math.max(1000, Math.min(60_000, sessionTimeout.toMillis() / 4));
            sweeper.scheduleAtFixedRate(sessions::sweep, period, period, TimeUnit.MILLISECONDS);
            http.start();
            prepare(assets, runtimes.values());

            InetAddress address = bind.getAddress();
            String display = address.isAnyLocalAddress() ? "127.0.0.1"
                    : address.getHostAddress().contains(":") ? "[" + address.getHostAddress()
                    + "]" : address.getHostAddress();
            ViewerServer server = new ViewerServer(http, requests, sweeper, pool, sessions,
                    runtimes, token, display, given == null ? visualizer : null);
            if (token == null && !address.isLoopbackAddress()) {
                LOG.warn("Listening on {} without a token: only this machine is answered; "
                        + "set a token to serve others", host);
            }
            LOG.info("Viewer listening at {} ({} model(s): {})", server.uri(), runtimes.size(),
                    String.join(", ", runtimes.keySet()));
            return server;
        }

        /**
         * Compresses Plotly.js and builds each model's map figure in the background, so the
         * first page load does not wait for them.
         */
        private static void prepare(StaticAssets assets, Collection<ModelRuntime> models) {
            Thread thread = new Thread(() -> {
                try {
                    assets.get(StaticAssets.PLOTLY_PATH);
                    models.forEach(model -> model.mapJson(true));
                } catch (RuntimeException e) {
                    LOG.warn("Preparing the page's files failed; they are built on first use", e);
                }
            }, "diffviews-prepare");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        }

        private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
