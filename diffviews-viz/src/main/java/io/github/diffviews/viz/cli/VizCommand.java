package io.github.diffviews.viz.cli;

import io.github.diffviews.Visualizer;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.viz.server.ViewerServer;
import java.awt.Desktop;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffviews viz}: starts the interactive viewer on a data directory and serves it until
 * interrupted (Ctrl-C).
 */
@Command(name = "viz", mixinStandardHelpOptions = true,
        description = {
            "Start the interactive viewer: the map of each model, neighbors, and generation "
                    + "from neighbors with its trajectory drawn on the map.",
            "It answers only this machine unless --token is given; then every API call needs "
                    + "the token, which the printed address carries."
        })
final class VizCommand implements Callable<Integer> {

    @Mixin
    DataDirectoryOptions data;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model shown first (else dmd2, else the first).")
    String model;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7860", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "Where networks run: cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Intra-op threads of the engine, 0 for its default.")
    int threads;

    @Option(names = "--token", paramLabel = "SECRET",
            description = "Require this token on every API call (8 or more characters).")
    String token;

    @Option(names = "--workers", paramLabel = "N",
            description = "Generations run at once (default: 1 on the CPU, 2 on a GPU).")
    Integer workers;

    @Option(names = "--queue", paramLabel = "N",
            description = "Generations that may wait before the viewer answers busy "
                    + "(default: 2 on the CPU, 4 on a GPU).")
    Integer queue;

    @Option(names = "--session-timeout", defaultValue = "60", paramLabel = "MINUTES",
            description = "Minutes without requests after which a tab's session ends "
                    + "(default: ${DEFAULT-VALUE}).")
    int sessionMinutes;

    @Option(names = "--open-browser", description = "Open the viewer in the default browser.")
    boolean openBrowser;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sessionMinutes < 1) {
            throw new IllegalArgumentException("--session-timeout " + sessionMinutes
                    + " is too short; expected at least 1 minute");
        }
        try (Visualizer visualizer = data.open(model)) {
            return serve(visualizer);
        }
    }

    private int serve(Visualizer visualizer) throws Exception {
        ViewerServer.Builder builder = ViewerServer.builder(visualizer).host(host).port(port)
                .token(token).engineOptions(EngineOptions.of(device, threads))
                .sessionTimeout(Duration.ofMinutes(sessionMinutes));
        if (workers != null) {
            builder.generationWorkers(workers);
        }
        if (queue != null) {
            builder.generationQueue(queue);
        }
        ViewerServer server = builder.start();
        Thread hook = new Thread(server::stop, "diffviews-viewer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println("DiffViews viewer at " + server.browserUri());
            out.println("Models: " + String.join(", ", visualizer.models()) + " (showing "
                    + visualizer.defaultModel() + "). Press Ctrl-C to stop.");
            out.flush();
            if (openBrowser) {
                browse(server, out);
            }
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook stops the server.
            }
        }
        return 0;
    }

    private static void browse(ViewerServer server, PrintWriter out) {
        try {
            if (Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(server.browserUri());
                return;
            }
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            out.println("Could not open a browser (" + e.getMessage() + ")");
        }
        out.println("Open the address above in a browser.");
        out.flush();
    }
}
