package io.github.diffviews.viz.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The page and its scripts, served from the class path by name only (a fixed list, so no request
 * path ever reaches the file system), and Plotly.js from its WebJar, gzip-compressed once and
 * cached by the browser for a year under a versioned name.
 */
final class StaticAssets {

    /** The Plotly.js release bundled through the WebJar. */
    static final String PLOTLY_VERSION = "3.3.1";

    /** The URL path of Plotly.js. */
    static final String PLOTLY_PATH = "/assets/plotly-" + PLOTLY_VERSION + ".js";

    private static final String PLOTLY_RESOURCE = "META-INF/resources/webjars/plotly.js-dist/"
            + PLOTLY_VERSION + "/plotly.js";

    private static final String PAGE = "page/";

    /** A file ready to send: content type, bytes, gzip bytes and entity tag. */
    record Asset(String contentType, byte[] body, byte[] gzip, String etag, boolean immutable) {
    }

    private static final Map<String, String> PAGE_FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private final Map<String, Asset> pages;
    private Asset plotly;

    StaticAssets() {
        pages = Map.of("/", load(PAGE + "index.html", PAGE_FILES.get("index.html")),
                "/assets/app.js", load(PAGE + "app.js", PAGE_FILES.get("app.js")),
                "/assets/app.css", load(PAGE + "app.css", PAGE_FILES.get("app.css")));
        if (StaticAssets.class.getClassLoader().getResource(PLOTLY_RESOURCE) == null) {
            throw new IllegalStateException("Plotly.js is missing from the class path ("
                    + PLOTLY_RESOURCE + "); add org.webjars.npm:plotly.js-dist:"
                    + PLOTLY_VERSION);
        }
    }

    /** Returns the asset at a URL path, or null when there is none. */
    Asset get(String path) {
        if (PLOTLY_PATH.equals(path)) {
            return plotly();
        }
        return pages.get(path);
    }

    private synchronized Asset plotly() {
        if (plotly == null) {
            byte[] body = read(StaticAssets.class.getClassLoader(), PLOTLY_RESOURCE);
            plotly = new Asset("text/javascript; charset=utf-8", body, Call.gzip(body),
                    etag(body), true);
        }
        return plotly;
    }

    private static Asset load(String name, String contentType) {
        byte[] body = read(StaticAssets.class, name);
        return new Asset(contentType, body, Call.gzip(body), etag(body), false);
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + name, e);
        }
    }

    private static byte[] read(Class<?> base, String name) {
        try (InputStream in = base.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + name + " is missing beside "
                        + base.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + name, e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
