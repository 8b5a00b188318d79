package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for the viewer's API tests, plus raw requests over a socket. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String session;
    private String token;

    Http(URI base) {
        this.base = base;
    }

    Http token(String value) {
        this.token = value;
        return this;
    }

    String session() {
        return session;
    }

    Http session(String value) {
        this.session = value;
        return this;
    }

    /** Opens a session and remembers its id. */
    JsonNode openSession() {
        Response response = post("/api/sessions", "{}");
        if (response.status() != 201) {
            throw new AssertionError("Opening a session answered " + response);
        }
        session = response.json().get("session").asText();
        return response.json();
    }

    Response get(String path) {
        return send(builder(path).GET().build());
    }

    Response post(String path, String body) {
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(120));
        if (session != null) {
            builder.header("X-DiffViews-Session", session);
        }
        if (token != null) {
            builder.header("X-DiffViews-Token", token);
        }
        return builder;
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request,
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Streams a POST's server-sent events until the stream ends. */
    Events events(String path, String body) {
        HttpRequest request = builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<InputStream> response = client.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            return new Events(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request exactly as written and returns the status line and whole response. */
    static String raw(InetAddress address, int port, String request) throws IOException {
        try (Socket socket = new Socket(address, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
        }
    }

    /** A response. */
    record Response(int status, java.util.Map<String, List<String>> headers, byte[] body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + text(), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            for (var entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }

        InputStream stream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public String toString() {
            return status + " " + (body.length > 300 ? text().substring(0, 300) : text());
        }
    }

    /** A stream of server-sent events. */
    static final class Events implements AutoCloseable {

        private final int status;
        private final InputStream in;

        Events(int status, InputStream in) {
            this.status = status;
            this.in = in;
        }

        int status() {
            return status;
        }

        /** Reads every event until the server closes the stream. */
        List<Event> readAll() {
            List<Event> events = new ArrayList<>();
            Event event;
            while ((event = next()) != null) {
                events.add(event);
            }
            return events;
        }

        /** Reads the next event, or null at the end. */
        Event next() {
            try {
                StringBuilder block = new StringBuilder();
                int previous = -1;
                int c;
                while ((c = in.read()) >= 0) {
                    if (c == '\n' && previous == '\n') {
                        return parse(block.toString());
                    }
                    block.append((char) c);
                    previous = c;
                }
                return block.toString().isBlank() ? null : parse(block.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String body() {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Event parse(String block) throws IOException {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : new String(block.getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            return new Event(name, data.length() == 0 ? null : JSON.readTree(data.toString()));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** One server-sent event. */
    record Event(String name, JsonNode data) {
    }
}
