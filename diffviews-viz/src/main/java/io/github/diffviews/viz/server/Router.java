package io.github.diffviews.viz.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests: checks the path's characters and the peer for every request, the token
 * for API calls, finds the route by method and path pattern, resolves the session when the
 * route needs one, and turns every refusal or failure into a JSON error. Unexpected failures are
 * logged with their stack trace and answered with a plain 500 message.
 */
final class Router implements HttpHandler {

    /** Answers one call. */
    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws IOException;
    }

    private record Route(String method, Pattern path, boolean session, Handler handler) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** The characters a path may hold; anything percent-encoded or unusual is refused. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");

    private static final String PAGE_POLICY = "default-src 'self'; script-src 'self' "
            + "'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; "
            + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    private final List<Route> routes = new ArrayList<>();
    private final AccessGuard guard;
    private final SessionStore sessions;
    private final StaticAssets assets;
    private final int maxBody;

    Router(AccessGuard guard, SessionStore sessions, StaticAssets assets, int maxBody) {
        this.guard = guard;
        this.sessions = sessions;
        this.assets = assets;
        this.maxBody = maxBody;
    }

    void get(String pattern, boolean session, Handler handler) {
        routes.add(new Route("GET", Pattern.compile(pattern), session, handler));
    }

    void post(String pattern, boolean session, Handler handler) {
        routes.add(new Route("POST", Pattern.compile(pattern), session, handler));
    }

    @Override
    public void handle(HttpExchange exchange) {
        Call call = null;
        try {
            Headers headers = exchange.getResponseHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
            String path = exchange.getRequestURI().getRawPath();
            if (path == null || !SAFE_PATH.matcher(path).matches() || path.contains("..")
                    || path.contains("//")) {
                throw HttpError.badRequest("Invalid path");
            }
            guard.checkPeer(exchange);
            if (path.startsWith("/api/")) {
                headers.set("Cache-Control", "no-store");
                guard.checkToken(exchange);
                call = api(exchange, path);
            } else {
                call = new Call(exchange, List.of(), maxBody);
                serveAsset(call, path);
            }
        } catch (HttpError e) {
            fail(exchange, e.status(), e.code(), e.getMessage());
        } catch (IOException e) {
            LOG.debug("I/O error answering {} {}: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e.toString());
        } catch (RuntimeException | Error e) {
            LOG.warn("Failed to answer {} {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e);
            fail(exchange, 500, "internal", "Internal error; see the viewer's log");
        } finally {
            if (call == null || !call.detached()) {
                exchange.close();
            }
        }
    }

    private Call api(HttpExchange exchange, String path) throws IOException {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(exchange.getRequestMethod())) {
                continue;
            }
            List<String> params = new ArrayList<>();
            for (int group = 1; group <= matcher.groupCount(); group++) {
                params.add(matcher.group(group));
            }
            Call call = new Call(exchange, params, maxBody);
            if (route.session()) {
                call.session(sessions.require(call.header(SessionStore.SESSION_HEADER)));
            }
            route.handler().handle(call);
            return call;
        }
        if (pathKnown) {
            exchange.getResponseHeaders().set("Allow", allowed(path));
            throw new HttpError(405, "method_not_allowed", exchange.getRequestMethod()
                    + " is not allowed on " + path);
        }
        throw HttpError.notFound("No API endpoint " + path);
    }

    private String allowed(String path) {
        List<String> methods = new ArrayList<>();
        for (Route route : routes) {
            if (route.path().matcher(path).matches() && !methods.contains(route.method())) {
                methods.add(route.method());
            }
        }
        return String.join(", ", methods);
    }

    private void serveAsset(Call call, String path) throws IOException {
        String method = call.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            call.exchange().getResponseHeaders().set("Allow", "GET, HEAD");
            throw new HttpError(405, "method_not_allowed", method + " is not allowed on "
                    + path);
        }
        if (path.equals("/favicon.ico")) {
            call.exchange().getResponseHeaders().set("Cache-Control", "public, max-age=86400");
            call.sendRaw(204, new byte[0]);
            return;
        }
        StaticAssets.Asset asset = assets.get(path);
        if (asset == null) {
            throw HttpError.notFound("No file " + path);
        }
        Headers headers = call.exchange().getResponseHeaders();
        headers.set("ETag", asset.etag());
        headers.set("Cache-Control", asset.immutable() ? "public, max-age=31536000, immutable"
                : "no-cache");
        headers.add("Vary", "Accept-Encoding");
        if (asset.contentType().startsWith("text/html")) {
            headers.set("Content-Security-Policy", PAGE_POLICY);
        }
        if (asset.etag().equals(call.header("If-None-Match"))) {
            call.sendRaw(304, new byte[0]);
            return;
        }
        headers.set("Content-Type", asset.contentType());
        if (call.acceptsGzip()) {
            headers.set("Content-Encoding", "gzip");
            call.sendRaw(200, asset.gzip());
        } else {
            call.sendRaw(200, asset.body());
        }
    }

    private static void fail(HttpExchange exchange, int status, String code, String message) {
        if (exchange.getResponseCode() != -1) {
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (status == 503) {
                exchange.getResponseHeaders().set("Retry-After", "5");
            }
            byte[] body = Jsons.bytes(Jsons.MAPPER.createObjectNode().put("error", message)
                    .put("code", code));
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            LOG.debug("Could not send an error response: {}", e.toString());
        }
    }
}
