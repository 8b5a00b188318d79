package io.github.diffviews.viz.server;

/**
 * A request the server refuses, with the HTTP status and a short machine-readable code; the
 * router turns it into {@code {"error": message, "code": code}}. The message is shown to the
 * user, so it says what was wrong and what was expected, and never carries a stack trace.
 */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    HttpError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, "bad_request", message);
    }

    static HttpError conflict(String message) {
        return new HttpError(409, "conflict", message);
    }

    static HttpError notFound(String message) {
        return new HttpError(404, "not_found", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
