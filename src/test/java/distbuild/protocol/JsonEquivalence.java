package distbuild.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Compares JSON documents the way SPEC §4 lets peers differ: a {@code null} list is the same
 * as {@code []} and a {@code null} map or struct-map the same as {@code {}}; everything else
 * (field names, strings, numbers, {@code null} against a value) must match exactly. Field order
 * and whitespace never matter.
 */
final class JsonEquivalence {
    private JsonEquivalence() {}

    static void assertEquivalent(String expectedJson, byte[] actualJson) {
        assertEquivalent(WireFormat.parse(expectedJson.getBytes(UTF_8)), WireFormat.parse(actualJson));
    }

    static void assertEquivalent(JsonNode expected, JsonNode actual) {
        List<String> differences = differences(expected, actual);
        if (!differences.isEmpty()) {
            fail("the JSON is not equivalent to what Go writes:\n  " + String.join("\n  ", differences)
                    + "\nexpected: " + expected + "\nactual:   " + actual);
        }
    }

    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        compare("$", expected, actual, differences);
        return differences;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isNull() && isEmptyContainer(actual) || actual.isNull() && isEmptyContainer(expected)) {
            return;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            differences.add(path + ": expected " + expected + ", got " + actual);
            return;
        }
        if (expected.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String fieldPath = path + "." + name;
                if (!actual.has(name)) {
                    differences.add(fieldPath + ": missing (expected " + expected.get(name) + ")");
                } else if (!expected.has(name)) {
                    differences.add(fieldPath + ": unexpected field (got " + actual.get(name) + ")");
                } else {
                    compare(fieldPath, expected.get(name), actual.get(name), differences);
                }
            }
        } else if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                differences.add(path + ": expected " + expected.size() + " elements, got " + actual.size()
                        + " (" + actual + ")");
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else if (expected.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                differences.add(path + ": expected " + expected + ", got " + actual);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    private static boolean isEmptyContainer(JsonNode json) {
        return (json.isArray() || json.isObject()) && json.isEmpty();
    }

    /** A copy of an object without one field, for comparing around an extension field. */
    static JsonNode without(JsonNode object, String field) {
        ObjectNode copy = (ObjectNode) object.deepCopy();
        copy.remove(field);
        return copy;
    }
}
