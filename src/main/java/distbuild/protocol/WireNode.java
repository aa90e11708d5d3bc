package distbuild.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import distbuild.model.Id;
import distbuild.model.InvalidIdException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JSON value being decoded, with the path that led to it so every error says where it is
 * ("Graph.Jobs[2].Deps[0]: …"). Reads the way Go's encoding/json does: field names match
 * case-insensitively when there is no exact match, {@code null} and a missing field are the
 * empty value, unknown fields are ignored.
 */
final class WireNode {
    private final JsonNode json;
    private final String path;

    WireNode(JsonNode json, String path) {
        this.json = json;
        this.path = path;
    }

    String path() {
        return path;
    }

    boolean isAbsent() {
        return json == null || json.isNull() || json.isMissingNode();
    }

    WireNode field(String name) {
        requireType(json == null || json.isObject() || isAbsent(), "an object");
        if (isAbsent()) {
            return new WireNode(null, path + "." + name);
        }
        JsonNode value = json.get(name);
        if (value == null) {
            for (Map.Entry<String, JsonNode> entry : json.properties()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    value = entry.getValue();
                    break;
                }
            }
        }
        return new WireNode(value, path + "." + name);
    }

    /** Requires a JSON object here (not null): messages themselves must be objects. */
    WireNode object() {
        if (isAbsent()) {
            throw error("expected a JSON object, got " + (json == null ? "nothing" : "null"));
        }
        requireType(json.isObject(), "a JSON object");
        return this;
    }

    String string() {
        if (isAbsent()) {
            return "";
        }
        requireType(json.isTextual(), "a string");
        return json.textValue();
    }

    /** A string that may be null on the wire (a Go {@code *string}). */
    String nullableString() {
        return isAbsent() ? null : string();
    }

    int integer() {
        if (isAbsent()) {
            return 0;
        }
        requireType(json.isIntegralNumber() && json.canConvertToInt(), "an integer");
        return json.intValue();
    }

    long longInteger() {
        if (isAbsent()) {
            return 0;
        }
        requireType(json.isIntegralNumber() && json.canConvertToLong(), "an integer");
        return json.longValue();
    }

    boolean bool() {
        if (isAbsent()) {
            return false;
        }
        requireType(json.isBoolean(), "true or false");
        return json.booleanValue();
    }

    Id id() {
        if (isAbsent()) {
            throw error("missing ID: expected 40 hex characters");
        }
        return parseId(string(), path);
    }

    byte[] bytes() {
        String text = string();
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw error("expected base64 bytes: " + e.getMessage());
        }
    }

    /** A Go {@code *struct{}}: present (any object) or null. */
    boolean presence() {
        if (isAbsent()) {
            return false;
        }
        requireType(json.isObject(), "an object or null");
        return true;
    }

    <T> List<T> list(Function<WireNode, T> element) {
        if (isAbsent()) {
            return List.of();
        }
        requireType(json.isArray(), "a list");
        List<T> values = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            values.add(element.apply(new WireNode(json.get(i), path + "[" + i + "]")));
        }
        return values;
    }

    /** A map whose keys are IDs, as Go writes {@code map[ID]T}. */
    <V> Map<Id, V> idMap(Function<WireNode, V> value) {
        if (isAbsent()) {
            return Map.of();
        }
        requireType(json.isObject(), "an object");
        Map<Id, V> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            String entryPath = path + "[\"" + entry.getKey() + "\"]";
            values.put(parseId(entry.getKey(), entryPath), value.apply(new WireNode(entry.getValue(), entryPath)));
        }
        return values;
    }

    /** A map whose keys are any strings, as Go writes {@code map[string]T}. */
    <V> Map<String, V> stringMap(Function<WireNode, V> value) {
        if (isAbsent()) {
            return Map.of();
        }
        requireType(json.isObject(), "an object");
        Map<String, V> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            values.put(entry.getKey(), value.apply(new WireNode(entry.getValue(), path + "[\"" + entry.getKey() + "\"]")));
        }
        return values;
    }

    /** Runs a model constructor, turning its complaint into an error that says where. */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (WireFormatException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw error(e.getMessage());
        }
    }

    WireFormatException error(String message) {
        return new WireFormatException(path + ": " + message);
    }

    private void requireType(boolean ok, String expected) {
        if (!ok) {
            throw error("expected " + expected + ", got " + describe(json));
        }
    }

    private static Id parseId(String text, String path) {
        try {
            return Id.parse(text);
        } catch (InvalidIdException e) {
            throw new WireFormatException(path + ": " + e.getMessage());
        }
    }

    private static String describe(JsonNode json) {
        if (json == null || json.isMissingNode()) {
            return "nothing";
        }
        String type = json.getNodeType().name().toLowerCase();
        String text = json.toString();
        return type + " " + (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }
}
