package distbuild.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The reader of the {@code /build} body: a sequence of JSON documents, as Go's json.Decoder reads it. */
class DocumentReaderTest {
    private static WireFormat.DocumentReader reader(String body) throws IOException {
        return new WireFormat.DocumentReader(new ByteArrayInputStream(body.getBytes(UTF_8)));
    }

    @Test
    void blankKeepAliveLinesBetweenDocumentsAreSkipped() throws IOException {
        try (var reader = reader("\n{\"ID\":\"a\"}\n\n\n{\"JobFinished\":null}\n \r\n\t\n{\"BuildFinished\":{}}\n\n")) {
            assertThat(reader.next()).hasToString("{\"ID\":\"a\"}");
            assertThat(reader.next()).hasToString("{\"JobFinished\":null}");
            assertThat(reader.next()).hasToString("{\"BuildFinished\":{}}");
            assertThat(reader.next()).as("the end of the body").isNull();
            assertThat(reader.next()).as("and it stays the end").isNull();
        }
    }

    @Test
    void documentsNeedNoNewlineBetweenThem() throws IOException {
        try (var reader = reader("{\"a\":1}{\"b\":2} {\"c\":3}")) {
            assertThat(reader.next()).hasToString("{\"a\":1}");
            assertThat(reader.next()).hasToString("{\"b\":2}");
            assertThat(reader.next()).hasToString("{\"c\":3}");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void anEmptyBodyHasNoDocuments() throws IOException {
        try (var reader = reader("")) {
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void garbageInTheStreamIsAWireFormatError() throws IOException {
        try (var reader = reader("{\"ID\":\"a\"}\nBuildFinished\n")) {
            assertThat(reader.next()).hasToString("{\"ID\":\"a\"}");
            assertThat(catchThrowable(reader::next)).isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("the build stream is not valid JSON");
        }
    }

    @Test
    void aDocumentCutOffMidwayIsAWireFormatError() throws IOException {
        try (var reader = reader("{\"ID\":\"a\"}\n{\"JobFinished\":{\"ID\":")) {
            reader.next();
            assertThat(catchThrowable(reader::next)).isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("the build stream is not valid JSON");
        }
    }
}
