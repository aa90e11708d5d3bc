package distbuild.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha256HexTest {
    @Test
    void acceptsOnlySixtyFourLowerCaseHexDigits() {
        String valid = "0123456789abcdef".repeat(4);
        assertThat(Sha256Hex.isValid(valid)).isTrue();
        assertThat(Sha256Hex.isValid(null)).isFalse();
        assertThat(Sha256Hex.isValid("")).isFalse();
        assertThat(Sha256Hex.isValid(valid.substring(1))).as("63 digits").isFalse();
        assertThat(Sha256Hex.isValid(valid + "0")).as("65 digits").isFalse();
        assertThat(Sha256Hex.isValid(valid.toUpperCase())).as("upper case").isFalse();
        assertThat(Sha256Hex.isValid("g" + valid.substring(1))).isFalse();
        assertThat(Sha256Hex.isValid(valid.substring(1) + "/")).as("just below '0'").isFalse();
        assertThat(Sha256Hex.isValid(valid.substring(1) + ":")).as("just above '9'").isFalse();
        assertThat(Sha256Hex.isValid(valid.substring(1) + "`")).as("just below 'a'").isFalse();
    }
}
