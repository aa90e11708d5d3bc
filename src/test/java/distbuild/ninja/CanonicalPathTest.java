package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalPathTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "a/b.o, a/b.o",
        "./a, a",
        "./a/../b, b",
        "a//b/, a/b",
        "a/./b/., a/b",
        "../a, ../a",
        "../../a/../b, ../../b",
        "a/../../b, ../b",
        "a/.., .",
        "./, .",
        "/abs/./x/../y, /abs/y",
        "/../x, /../x",
        "/, /",
        "..., ...",
        ".hidden/..x, .hidden/..x",
        "x/.., .",
    })
    void foldsPathsAsNinjaDoes(String path, String canonical) {
        assertThat(CanonicalPath.of(path)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource({"a/b/c.o", "../../src/x.c", "/usr/include/stdio.h", "CMakeFiles/x.dir/a.c.o"})
    void aCanonicalPathIsReturnedAsItIs(String path) {
        assertThat(CanonicalPath.of(path)).isSameAs(path);
    }
}
