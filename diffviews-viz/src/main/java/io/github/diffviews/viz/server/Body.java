package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON object of a request body, read field by field with the type and range each field
 * must have. Every refusal is an {@link HttpError} 400 naming the field, the value found and
 * what was expected; unknown fields are refused too, so a misspelt setting is never silently
 * ignored.
 */
final class Body {

    /** Integers beyond this lose precision in JavaScript, so seeds stay below it. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private final ObjectNode json;

    private Body(ObjectNode json) {
        this.json = json;
    }

    static Body of(JsonNode json, Set<String> allowed) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return new Body(Jsons.MAPPER.createObjectNode());
        }
        if (!json.isObject()) {
            throw HttpError.badRequest("The request body must be a JSON object, found "
                    + json.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw HttpError.badRequest("Unknown field(s) " + unknown + "; expected only "
                    + new java.util.TreeSet<>(allowed));
        }
        return new Body((ObjectNode) json);
    }

    boolean has(String field) {
        JsonNode node = json.get(field);
        return node != null && !node.isNull();
    }

    int integer(String field, int min, int max) {
        JsonNode node = required(field);
        return checkedInt(field, node, min, max);
    }

    int integer(String field, int min, int max, int fallback) {
        return has(field) ? integer(field, min, max) : fallback;
    }

    Integer optionalInteger(String field, int min, int max) {
        return has(field) ? integer(field, min, max) : null;
    }

    Long optionalLong(String field, long min, long max) {
        if (!has(field)) {
            return null;
        }
        JsonNode node = json.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()
                || node.longValue() < min || node.longValue() > max) {
            throw HttpError.badRequest("'" + field + "' = " + node + ", expected a whole "
                    + "number from " + min + " to " + max);
        }
        return node.longValue();
    }

    double number(String field, double min, double max, double fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode node = json.get(field);
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())
                || node.doubleValue() < min || node.doubleValue() > max) {
            throw HttpError.badRequest("'" + field + "' = " + node + ", expected a number from "
                    + format(min) + " to " + format(max));
        }
        return node.doubleValue();
    }

    String text(String field, int maxLength) {
        JsonNode node = required(field);
        if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > maxLength) {
            throw HttpError.badRequest("'" + field + "' = " + abbreviate(node) + ", expected a "
                    + "non-empty string of at most " + maxLength + " characters");
        }
        return node.asText();
    }

    String choice(String field, List<String> choices, String fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode node = json.get(field);
        String value = node.isTextual()
                ? node.asText().toLowerCase(Locale.ROOT).replace('-', '_') : null;
        if (value == null || !choices.contains(value)) {
            throw HttpError.badRequest("'" + field + "' = " + abbreviate(node) + ", expected one "
                    + "of " + choices);
        }
        return value;
    }

    private JsonNode required(String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw HttpError.badRequest("Missing field '" + field + "'");
        }
        return node;
    }

    private static int checkedInt(String field, JsonNode node, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min
                || node.intValue() > max) {
            throw HttpError.badRequest("'" + field + "' = " + abbreviate(node) + ", expected a "
                    + "whole number from " + min + " to " + max);
        }
        return node.intValue();
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
