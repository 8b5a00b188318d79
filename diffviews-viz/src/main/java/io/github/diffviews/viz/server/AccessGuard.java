package io.github.diffviews.viz.server;

import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Who may talk to the viewer.
 *
 * <ul>
 *   <li>Without a token, only this machine: the peer must be a loopback address and the
 *       {@code Host} header must name loopback ({@code localhost}, {@code 127.x.x.x} or
 *       {@code [::1]}), so a page on another site cannot reach the viewer by pointing its own
 *       domain at 127.0.0.1 (DNS rebinding).</li>
 *   <li>With a token, anyone who presents it on every API call, in the
 *       {@value #TOKEN_HEADER} header or as {@code Authorization: Bearer}. The page and its
 *       scripts load without it, so that the page can ask for it.</li>
 *   <li>Always: a request that carries an {@code Origin} must come from the viewer's own
 *       origin, so other sites' pages cannot drive it from a visitor's browser.</li>
 * </ul>
 */
final class AccessGuard {

    /** The request header that carries the token. */
    static final String TOKEN_HEADER = "X-DiffViews-Token";

    private final byte[] token;

    AccessGuard(String token) {
        this.token = token == null || token.isEmpty() ? null
                : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean tokenRequired() {
        return token != null;
    }

    /** Checks the peer, the {@code Host} and the {@code Origin} of any request. */
    void checkPeer(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (token == null) {
            InetSocketAddress remote = exchange.getRemoteAddress();
            InetAddress address = remote == null ? null : remote.getAddress();
            if (address == null || !address.isLoopbackAddress()) {
                throw new HttpError(403, "forbidden", "This viewer only answers this machine; "
                        + "start it with --token to serve other machines");
            }
            if (host == null || !isLoopbackHost(host)) {
                throw new HttpError(403, "forbidden", "Host '"
                        + Call.abbreviate(String.valueOf(host)) + "' is not a loopback name; "
                        + "open the viewer at http://127.0.0.1 or http://localhost");
            }
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && (host == null || !(origin.equalsIgnoreCase("http://" + host)
                || origin.equalsIgnoreCase("https://" + host)))) {
            throw new HttpError(403, "forbidden", "Requests from origin '"
                    + Call.abbreviate(origin) + "' are not accepted");
        }
    }

    /** Checks the token of an API call. */
    void checkToken(HttpExchange exchange) {
        if (token == null) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (given == null) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                given = authorization.substring(7).trim();
            }
        }
        if (given == null) {
            throw new HttpError(401, "token_required", "This viewer needs its token");
        }
        if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new HttpError(401, "token_invalid", "The token is wrong");
        }
    }

    /** Tells whether a {@code Host} header names loopback, with or without a port. */
    static boolean isLoopbackHost(String header) {
        String host = header.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || !validPort(host.substring(end + 1))) {
                return false;
            }
            return host.substring(1, end).equals("::1");
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            if (!validPort(host.substring(colon))) {
                return false;
            }
            host = host.substring(0, colon);
        }
        return host.equals("localhost") || host.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    }

    private static boolean validPort(String suffix) {
        return suffix.isEmpty() || suffix.matches(":\\d{1,5}");
    }
}
