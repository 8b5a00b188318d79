package io.github.diffviews.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * Turns Jackson's parse errors into one readable line: the parser's own words and where in the
 * text the problem is, without Jackson's source descriptions and feature names.
 */
public final class JsonErrors {

    private static final Pattern SOURCE = Pattern.compile(
            "\\s*\\(?(start marker at )?\\[Source: [^\\]]*\\]\\)?");
    private static final Pattern FEATURE_HINT = Pattern.compile(
            "\\s*\\((?:use|consider|see)[^)]*\\)|,? from `[^`]*`", Pattern.CASE_INSENSITIVE);

    private JsonErrors() {
    }

    /**
     * Describes a parse error.
     *
     * @param error the error
     * @return for example {@code Unexpected character ('}' (code 125)) at line 1, column 12}
     */
    public static String describe(JsonProcessingException error) {
        String message = error.getOriginalMessage();
        if (message == null || message.isBlank()) {
            message = error.getClass().getSimpleName();
        }
        message = SOURCE.matcher(message).replaceAll("");
        message = FEATURE_HINT.matcher(message).replaceAll("");
        message = message.replace('\n', ' ').replaceAll("\\s+", " ").trim();
        JsonLocation location = error.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        return message;
    }
}
