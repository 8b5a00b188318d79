package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * One request being answered: the exchange, the path parameters the route captured, the session
 * it belongs to, and helpers that read a bounded JSON body and write JSON, images or bytes.
 */
final class Call {

    /** Responses above this size are gzip-compressed when the client accepts it. */
    private static final int COMPRESS_ABOVE = 8 * 1024;

    private final HttpExchange exchange;
    private final List<String> params;
    private final int maxBody;
    private ViewerSession session;
    private boolean detached;

    Call(HttpExchange exchange, List<String> params, int maxBody) {
        this.exchange = exchange;
        this.params = params;
        this.maxBody = maxBody;
    }

    HttpExchange exchange() {
        return exchange;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    String param(int index) {
        return params.get(index);
    }

    /** Reads a path parameter as an index in {@code [0, size)}. */
    int indexParam(int index, int size, String what) {
        String text = params.get(index);
        if (!text.matches("\\d{1,9}")) {
            throw HttpError.badRequest(what + " '" + abbreviate(text) + "' is not an index");
        }
        int value = Integer.parseInt(text);
        if (value >= size) {
            throw HttpError.notFound(what + " " + value + " does not exist; there are " + size);
        }
        return value;
    }

    ViewerSession session() {
        if (session == null) {
            throw new IllegalStateException("This route has no session");
        }
        return session;
    }

    void session(ViewerSession value) {
        this.session = value;
    }

    /** Reads the JSON body: {@code application/json}, at most the server's body limit. */
    JsonNode json() throws IOException {
        String type = header("Content-Type");
        String length = header("Content-Length");
        boolean empty = "0".equals(length) || (length == null && !chunked());
        if (!empty && (type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            throw new HttpError(415, "unsupported_media_type", "The request body must be "
                    + "application/json");
        }
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Content-Length '" + abbreviate(length)
                        + "' is not a number");
            }
            if (declared > maxBody) {
                throw tooLarge();
            }
        }
        return Jsons.parse(readBody());
    }

    /** Drains any body the client sent, so the connection can be reused. */
    void discardBody() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.skip(Long.MAX_VALUE);
        }
    }

    private boolean chunked() {
        String encoding = header("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private byte[] readBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = exchange.getRequestBody()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                body.write(buffer, 0, read);
                if (body.size() > maxBody) {
                    throw tooLarge();
                }
            }
        }
        return body.toByteArray();
    }

    private HttpError tooLarge() {
        return new HttpError(413, "too_large", "The request body is larger than " + maxBody
                + " bytes");
    }

    void json(int status, Object value) throws IOException {
        send(status, "application/json; charset=utf-8", Jsons.bytes(value), true);
    }

    void png(byte[] image) throws IOException {
        send(200, "image/png", image, false);
    }

    /** Writes a response, gzip-compressed when worthwhile and accepted. */
    void send(int status, String contentType, byte[] body, boolean compressible)
            throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        byte[] payload = body;
        if (compressible && body.length > COMPRESS_ABOVE && acceptsGzip()) {
            payload = gzip(body);
            headers.set("Content-Encoding", "gzip");
            headers.add("Vary", "Accept-Encoding");
        }
        sendRaw(status, payload);
    }

    /** Writes bytes as they are, with headers already set. */
    void sendRaw(int status, byte[] payload) throws IOException {
        boolean head = "HEAD".equals(method());
        exchange.sendResponseHeaders(status, head ? -1 : payload.length == 0 ? -1
                : payload.length);
        if (!head && payload.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(payload);
            }
        }
    }

    boolean acceptsGzip() {
        String accept = header("Accept-Encoding");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("gzip of an in-memory array failed", e);
        }
        return out.toByteArray();
    }

    /** Hands the exchange to another thread, which closes it; the router will not. */
    void detach() {
        detached = true;
    }

    boolean detached() {
        return detached;
    }

    static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
