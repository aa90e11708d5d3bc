package distbuild.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparator the round-trip tests rely on must itself tell different documents apart. */
class JsonEquivalenceTest {
    private static List<String> differences(String expected, String actual) {
        return JsonEquivalence.differences(WireFormat.parse(expected.getBytes(UTF_8)), WireFormat.parse(actual.getBytes(UTF_8)));
    }

    @Test
    void nullListsAndMapsEqualEmptyOnesAndOrderAndSpacingDoNotMatter() {
        assertThat(differences("""
                {"Deps": null, "SourceFiles": null, "Name": "x"}""", """
                { "Name" : "x", "SourceFiles": {}, "Deps": [] }""")).isEmpty();
    }

    @Test
    void everyOtherDifferenceIsReportedWithItsPath() {
        assertThat(differences("""
                {"A": "x", "B": [1, 2], "C": null, "D": {"E": 0}, "F": [], "G": 1}""", """
                {"A": "y", "B": [1], "C": "", "D": {"E": 1}, "F": {}, "H": 1}"""))
                .containsExactlyInAnyOrder(
                        "$.A: expected \"x\", got \"y\"",
                        "$.B: expected 2 elements, got 1 ([1])",
                        "$.C: expected null, got \"\"",
                        "$.D.E: expected 0, got 1",
                        "$.F: expected [], got {}",
                        "$.G: missing (expected 1)",
                        "$.H: unexpected field (got 1)");
    }
}
