package io.github.diffviews.viz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.diffviews.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VizCommandTest {

    private static final Pattern ADDRESS = Pattern.compile(
            "DiffViews viewer at (http://127\\.0\\.0\\.1:(\\d+)/(\\?token=\\S+)?)");

    @TempDir
    Path root;

    /** Runs {@code diffviews viz} on a thread until it prints its address. */
    private final class Running implements AutoCloseable {

        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final Thread thread;

        Running(String... args) {
            CommandLine commandLine = DiffViewsCli.newCommandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> status.complete(commandLine.execute(args)), "viz-test");
            thread.start();
        }

        Matcher awaitAddress() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !status.isDone()) {
                Matcher matcher = ADDRESS.matcher(out.toString());
                if (matcher.find()) {
                    return matcher;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("No address printed; out: " + out + " err: " + err);
        }

        @Override
        public void close() throws Exception {
            thread.interrupt();
            assertEquals(0, status.get(30, TimeUnit.SECONDS), err.toString());
        }
    }

    @Test
    void viz_portZero_printsTheRealAddressAndServesUntilInterrupted() throws Exception {
        TestModels.model("dmd2").writeUnder(root);

        try (Running viz = new Running("viz", "--data-dir", root.toString(), "--port", "0")) {
            Matcher address = viz.awaitAddress();
            int port = Integer.parseInt(address.group(2));
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(address.group(1))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertTrue(port > 0);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("DiffViews"));
            assertTrue(viz.out.toString().contains("Models: dmd2 (showing dmd2)"),
                    viz.out.toString());
        }
    }

    @Test
    void viz_token_isInThePrintedAddress() throws Exception {
        TestModels.model("dmd2").writeUnder(root);

        try (Running viz = new Running("viz", "--data-dir", root.toString(), "--port", "0",
                "--token", "cli-token-123")) {
            assertEquals("?token=cli-token-123", viz.awaitAddress().group(3));
        }
    }

    @Test
    void viz_shortToken_failsWithOneLine() {
        TestModels.model("dmd2").writeUnder(root);

        CliRun run = CliRun.of("viz", "--data-dir", root.toString(), "--port", "0", "--token",
                "short");

        assertEquals(DiffViewsCli.EXIT_FAILURE, run.status());
        assertTrue(run.err().startsWith("diffviews: The token must be 8 to 512"), run.err());
    }

    @Test
    void viz_missingDataDirectory_failsNamingIt() {
        CliRun run = CliRun.of("viz", "--data-dir", root.resolve("nowhere").toString());

        assertEquals(DiffViewsCli.EXIT_FAILURE, run.status());
        assertTrue(run.err().contains("nowhere"), run.err());
    }

    @Test
    void viz_badPort_isAUsageError() {
        CliRun run = CliRun.of("viz", "--data-dir", root.toString(), "--port", "http");

        assertEquals(DiffViewsCli.EXIT_USAGE, run.status());
    }
}
