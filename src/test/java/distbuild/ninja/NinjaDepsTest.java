package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NinjaDepsTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path tmp;

    private Path deps() {
        return tmp.resolve(".ninja_deps");
    }

    @Test
    void recordsAreWrittenInNinjasV4Layout() throws IOException {
        NinjaDeps.write(deps(), List.of(new NinjaDeps.Entry("out", 0x0000000100000002L, List.of("in1"))));

        byte[] bytes = Files.readAllBytes(deps());
        assertThat(new String(bytes, 0, 12, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("# ninjadeps\n");
        assertThat(HEX.formatHex(Arrays.copyOfRange(bytes, 12, bytes.length))).isEqualTo(
                "04000000" // version
                        + "08000000" + HEX.formatHex("out\0".getBytes()) + "ffffffff" // path "out", ID 0
                        + "08000000" + HEX.formatHex("in1\0".getBytes()) + "feffffff" // path "in1", ID 1
                        + "10000080" + "00000000" + "02000000" + "01000000" + "01000000"); // deps of 0: mtime, [1]
    }

    @Test
    void entriesWrittenAreReadBackWhateverTheirPathsLengths() throws IOException {
        List<NinjaDeps.Entry> entries = List.of(
                new NinjaDeps.Entry("a.o", 1_796_628_958_440_252_573L, List.of("a", "ab", "abc", "abcd", "abcde")),
                new NinjaDeps.Entry("dir/b.o", -1L, List.of("abc", "größe.h", "with space.h")),
                new NinjaDeps.Entry("c.o", 0, List.of()));

        NinjaDeps.write(deps(), entries);

        assertThat(NinjaDeps.read(deps()).values()).containsExactlyElementsOf(entries);
    }

    @Test
    void aLaterRecordForAnOutputReplacesTheEarlierOne() throws IOException {
        // Two logs' worth of records in one file, as ninja appends them: IDs go on from the first.
        NinjaDeps.write(deps(), List.of(new NinjaDeps.Entry("a.o", 1, List.of("a.c"))));
        byte[] first = Files.readAllBytes(deps());
        byte[] update = {
            (byte) 0x08, 0, 0, 0, 'a', '.', 'h', 0, (byte) 0xfd, (byte) 0xff, (byte) 0xff, (byte) 0xff, // path a.h, ID 2
            0x14, 0, 0, (byte) 0x80, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0}; // a.o: mtime 9, [1, 2]
        Files.write(deps(), concat(first, update));

        Map<String, NinjaDeps.Entry> read = NinjaDeps.read(deps());

        assertThat(read).containsExactly(Map.entry("a.o", new NinjaDeps.Entry("a.o", 9, List.of("a.c", "a.h"))));
    }

    @Test
    void aMissingLogIsEmpty() throws IOException {
        assertThat(NinjaDeps.read(deps())).isEmpty();
    }

    @Test
    void anotherFileOrVersionIsRefusedByName() throws IOException {
        Files.writeString(deps(), "# ninja log v5\n");
        assertThatThrownBy(() -> NinjaDeps.read(deps())).isInstanceOf(MalformedNinjaFileException.class)
                .hasMessage(deps() + ": not a ninja deps log (it does not start with '# ninjadeps')");

        Files.write(deps(), concat("# ninjadeps\n".getBytes(), new byte[] {3, 0, 0, 0}));
        assertThatThrownBy(() -> NinjaDeps.read(deps())).isInstanceOf(MalformedNinjaFileException.class)
                .hasMessage(deps() + ": deps log version 3, only version 4 (ninja 1.10 and 1.11) is read");
    }

    @Test
    void aDamagedLogIsRefusedWithWhereItBreaks() throws IOException {
        NinjaDeps.write(deps(), List.of(new NinjaDeps.Entry("a.o", 1, List.of("a.c"))));
        byte[] whole = Files.readAllBytes(deps());

        Files.write(deps(), Arrays.copyOf(whole, whole.length - 2));
        assertThatThrownBy(() -> NinjaDeps.read(deps())).isInstanceOf(MalformedNinjaFileException.class)
                .hasMessage(deps() + ": the record at byte 40 is cut short or damaged");

        byte[] wrongChecksum = whole.clone();
        wrongChecksum[24] = (byte) 0xfe; // the first path's checksum now says ID 1
        Files.write(deps(), wrongChecksum);
        assertThatThrownBy(() -> NinjaDeps.read(deps())).hasMessageContaining("has checksum for ID 1 where ID 0 was due");
    }

    @Test
    void theDepsRealNinjaRecordsAreRead() throws IOException {
        RealTool.assumeInstalled("ninja", "cc");
        SmallCProject.write(tmp);
        RealTool.run(tmp, "ninja");

        Map<String, NinjaDeps.Entry> read = NinjaDeps.read(deps());

        assertThat(read.keySet()).containsExactlyInAnyOrder("a.o", "b.o");
        assertThat(read.get("a.o").inputs()).containsExactly("src/a.c", "src/a.h");
        assertThat(read.get("b.o").inputs()).containsExactly("src/b.c");
        assertThat(read.get("a.o").mtime()).isEqualTo(WrittenStateFilesTest.mtime(tmp.resolve("a.o")));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
