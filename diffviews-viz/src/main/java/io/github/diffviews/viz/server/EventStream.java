package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response of server-sent events ({@code text/event-stream}): each event is a name and one
 * line of JSON, flushed at once. When the client goes away the stream notes it and further
 * events are dropped; whoever produces them carries on.
 */
final class EventStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final HttpExchange exchange;
    private final OutputStream out;
    private boolean open = true;

    EventStream(HttpExchange exchange) throws IOException {
        this.exchange = exchange;
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        this.out = exchange.getResponseBody();
    }

    synchronized void send(String event, JsonNode data) {
        if (!open) {
            return;
        }
        byte[] bytes = ("event: " + event + "\ndata: " + data.toString() + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            open = false;
            LOG.debug("Event stream closed by the client: {}", e.toString());
        }
    }

    synchronized boolean open() {
        return open;
    }

    @Override
    public synchronized void close() {
        open = false;
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("Closing an event stream: {}", e.toString());
        } finally {
            exchange.close();
        }
    }
}
