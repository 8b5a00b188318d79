package io.github.diffviews.viz.server;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of a server, one per browser tab, by an unguessable id the server makes (256
 * random bits). A session expires after a period without requests; an expired or unknown id is
 * answered with 410 so the page starts a new session.
 */
final class SessionStore {

    /** The request header that names the session. */
    static final String SESSION_HEADER = "X-DiffViews-Session";

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Map<String, ViewerSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final long timeoutNanos;
    private final int maxSessions;
    private final LongSupplier ticker;

    SessionStore(long timeoutNanos, int maxSessions, LongSupplier ticker) {
        this.timeoutNanos = timeoutNanos;
        this.maxSessions = maxSessions;
        this.ticker = ticker;
    }

    ViewerSession create(String model) {
        sweep();
        if (sessions.size() >= maxSessions) {
            throw new HttpError(503, "busy", "The viewer holds " + maxSessions
                    + " sessions, its limit; try again when some have expired");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ViewerSession session = new ViewerSession(id, model, ticker.getAsLong());
        sessions.put(id, session);
        LOG.debug("Session {}… opened on model '{}' ({} open)", id.substring(0, 6), model,
                sessions.size());
        return session;
    }

    /**
     * Returns the session a request names, and marks it used.
     *
     * @throws HttpError 400 if the header is missing or malformed, 410 if the session is
     *     unknown or expired
     */
    ViewerSession require(String header) {
        if (header == null) {
            throw HttpError.badRequest("Missing " + SESSION_HEADER + " header; open a session "
                    + "with POST /api/sessions");
        }
        if (!ID.matcher(header).matches()) {
            throw HttpError.badRequest("Malformed " + SESSION_HEADER + " header");
        }
        ViewerSession session = sessions.get(header);
        long now = ticker.getAsLong();
        if (session != null && expired(session, now)) {
            expire(session);
            session = null;
        }
        if (session == null) {
            throw new HttpError(410, "session_expired", "This session has expired or is "
                    + "unknown; the page starts a new one");
        }
        session.touch(now);
        return session;
    }

    /** Removes every expired session. */
    void sweep() {
        long now = ticker.getAsLong();
        for (Iterator<ViewerSession> it = sessions.values().iterator(); it.hasNext(); ) {
            ViewerSession session = it.next();
            if (expired(session, now)) {
                expire(session);
            }
        }
    }

    int size() {
        return sessions.size();
    }

    void closeAll() {
        sessions.values().forEach(ViewerSession::close);
        sessions.clear();
    }

    private boolean expired(ViewerSession session, long now) {
        return now - session.lastAccess() > timeoutNanos && !session.generating();
    }

    private void expire(ViewerSession session) {
        if (sessions.remove(session.id(), session)) {
            session.close();
            LOG.debug("Session {}… expired", session.id().substring(0, 6));
        }
    }
}
