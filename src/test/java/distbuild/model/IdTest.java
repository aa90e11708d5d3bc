package distbuild.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdTest {
    /** SHA-1 of "abc", from FIPS 180-1. */
    private static final String SHA1_OF_ABC = "a9993e364706816aba3e25717850c26c9cd0d89d";
    /** SHA-1 of no bytes at all. */
    private static final String SHA1_OF_NOTHING = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

    @TempDir
    Path temp;

    @Test
    void hexFormParsesAndFormatsBackToTheSameText() {
        Id id = Id.parse(SHA1_OF_ABC);

        assertThat(id.hex()).isEqualTo(SHA1_OF_ABC);
        assertThat(id).hasToString(SHA1_OF_ABC);
        assertThat(Id.parse(id.hex())).isEqualTo(id);
        assertThat(id.shortHex()).isEqualTo("a9993e36");
    }

    @Test
    void rawBytesRoundTripThroughHex() {
        byte[] bytes = new byte[Id.BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 13 - 7);
        }

        Id id = Id.of(bytes);

        assertThat(Id.parse(id.hex()).toBytes()).isEqualTo(bytes);
    }

    @Test
    void upperCaseHexIsReadAndWrittenBackLowerCase() {
        assertThat(Id.parse(SHA1_OF_ABC.toUpperCase()).hex()).isEqualTo(SHA1_OF_ABC);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 39, 41, 80})
    void textOfAnyOtherLengthThan40IsRejectedSayingWhatWasExpected(int length) {
        String text = "a".repeat(length);

        assertThatThrownBy(() -> Id.parse(text))
                .isInstanceOf(InvalidIdException.class)
                .hasMessageContaining("expected 40 hex characters, got " + length);
    }

    @Test
    void nonHexCharacterIsRejectedNamingItAndItsPosition() {
        String text = SHA1_OF_ABC.substring(0, 5) + "g" + SHA1_OF_ABC.substring(6);

        assertThatThrownBy(() -> Id.parse(text))
                .isInstanceOf(InvalidIdException.class)
                .hasMessageContaining(text)
                .hasMessageContaining("'g' at position 5 is not a hex digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"٣", "３", "ａ", " ", "-", "+"})
    void digitsOutsideAsciiHexAreRejectedAsInvalidIds(String character) {
        String text = character + SHA1_OF_ABC.substring(1);

        assertThatThrownBy(() -> Id.parse(text))
                .isInstanceOf(InvalidIdException.class)
                .hasMessageContaining("at position 0 is not a hex digit");
    }

    @Test
    void nullIsRejectedAsAMissingId() {
        assertThatThrownBy(() -> Id.parse(null))
                .isInstanceOf(InvalidIdException.class)
                .hasMessage("missing ID: expected 40 hex characters");
    }

    @Test
    void rawBytesOfTheWrongLengthAreRejected() {
        assertThatThrownBy(() -> Id.of(new byte[19]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an ID is 20 bytes, got 19");
    }

    @Test
    void idIsNotChangedThroughTheArraysItWasMadeFromOrHandedOut() {
        byte[] bytes = new byte[Id.BYTES];
        Id id = Id.of(bytes);

        bytes[0] = 1;
        id.toBytes()[1] = 1;

        assertThat(id.hex()).isEqualTo("0".repeat(40));
    }

    @Test
    void contentIdIsTheSha1OfTheContent() {
        assertThat(Id.ofContent("abc".getBytes(StandardCharsets.US_ASCII)).hex()).isEqualTo(SHA1_OF_ABC);
        assertThat(Id.ofContent(new byte[0]).hex()).isEqualTo(SHA1_OF_NOTHING);
    }

    @Test
    void fileIdAndStreamIdEqualTheContentId() throws IOException {
        Path abc = Files.writeString(temp.resolve("abc"), "abc");
        Path empty = Files.createFile(temp.resolve("empty"));

        assertThat(Id.ofFile(abc).hex()).isEqualTo(SHA1_OF_ABC);
        assertThat(Id.ofFile(empty).hex()).isEqualTo(SHA1_OF_NOTHING);
        assertThat(Id.ofStream(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII))).hex())
                .isEqualTo(SHA1_OF_ABC);
    }

    @Test
    void fileLargerThanOneReadBufferHashesLikeItsContent() throws IOException {
        byte[] content = new byte[200_000 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }
        Path file = Files.write(temp.resolve("big"), content);

        assertThat(Id.ofFile(file)).isEqualTo(Id.ofContent(content));
    }

    @Test
    void idsOfTheSameBytesAreEqualWithEqualHashCodes() {
        Id parsed = Id.parse(SHA1_OF_ABC);
        Id hashed = Id.ofContent("abc".getBytes(StandardCharsets.US_ASCII));
        Id other = Id.parse(SHA1_OF_NOTHING);

        assertThat(parsed).isEqualTo(hashed).hasSameHashCodeAs(hashed).isNotEqualTo(other);
        assertThat(parsed.compareTo(hashed)).isZero();
        assertThat(parsed).isNotEqualTo(SHA1_OF_ABC);
    }

    @Test
    void idsCompareAsUnsignedBytesWhichIsTheOrderOfTheirHex() {
        List<String> hexes = List.of(
                "ff" + "0".repeat(38),
                "0".repeat(40),
                "80" + "0".repeat(38),
                "7f" + "f".repeat(38),
                "0".repeat(39) + "1");
        List<Id> ids = new ArrayList<>(hexes.stream().map(Id::parse).toList());

        ids.sort(null);

        assertThat(ids).extracting(Id::hex).containsExactlyElementsOf(hexes.stream().sorted().toList());
    }
}
