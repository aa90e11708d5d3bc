package distbuild.includes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
    private static final Path BUILD = Path.of("/abs/build");

    @TempDir
    Path tmp;

    private static CompileCommand compile(String line) {
        return compile(line, BUILD);
    }

    private static CompileCommand compile(String line, Path directory) {
        ParsedCommand parsed = CompileCommand.parse(line, directory);
        assertThat(parsed).as("parsed %s", line).isInstanceOf(ParsedCommand.Compile.class);
        return ((ParsedCommand.Compile) parsed).command();
    }

    private static String unsupported(String line) {
        ParsedCommand parsed = CompileCommand.parse(line, BUILD);
        assertThat(parsed).as("parsed %s", line).isInstanceOf(ParsedCommand.Unsupported.class);
        return ((ParsedCommand.Unsupported) parsed).why();
    }

    private static String notACompile(String line) {
        ParsedCommand parsed = CompileCommand.parse(line, BUILD);
        assertThat(parsed).as("parsed %s", line).isInstanceOf(ParsedCommand.NotACompile.class);
        return ((ParsedCommand.NotACompile) parsed).why();
    }

    @Test
    void cmakesCdBeforeTheCompilerMovesTheWorkingDirectory() {
        CompileCommand compile = compile("cd /abs/build/sub && /usr/bin/cc -DX=1 -I/abs/src/include -Iinc"
                + " -isystem ../third -o CMakeFiles/a.dir/a.c.o -c /abs/src/a.c");

        assertThat(compile.workingDirectory()).isEqualTo(Path.of("/abs/build/sub"));
        assertThat(compile.compiler()).isEqualTo("/usr/bin/cc");
        assertThat(compile.sources()).containsExactly(new SourceFile(Path.of("/abs/src/a.c"), Language.C));
        assertThat(compile.bracketDirectories()).containsExactly(Path.of("/abs/src/include"), Path.of("/abs/build/sub/inc"));
        assertThat(compile.systemDirectories()).containsExactly(Path.of("/abs/build/sub/../third"));
        assertThat(compile.defines()).containsEntry("X", List.of("1"));
        assertThat(compile.otherCommands()).isEmpty();
    }

    @Test
    void mesonsCommandIsReadWithItsDepfileOptions() {
        CompileCommand compile = compile("cc -Isub/liba.a.p -Isub -I../sub -fdiagnostics-color=always"
                + " -D_FILE_OFFSET_BITS=64 -Wall -std=c99 -O0 -g -MD -MQ sub/liba.a.p/a.c.o -MF sub/liba.a.p/a.c.o.d"
                + " -o sub/liba.a.p/a.c.o -c ../sub/a.c");

        assertThat(compile.sources()).containsExactly(new SourceFile(Path.of("/abs/build/../sub/a.c"), Language.C));
        assertThat(compile.bracketDirectories()).containsExactly(Path.of("/abs/build/sub/liba.a.p"),
                Path.of("/abs/build/sub"), Path.of("/abs/build/../sub"));
        assertThat(compile.toolchainFlags()).containsExactly("-std=c99");
    }

    @Test
    void wordsAreSplitAsTheShellSplitsThem() {
        CompileCommand compile = compile("cc -c 'my file.c' -I\"inc dir\" -DSTR=\\\"x.h\\\" -DQ='\"y.h\"' -o a\\ b.o"
                + " -I\"a\\\"b\" 2>/dev/null");

        assertThat(compile.sources()).containsExactly(new SourceFile(BUILD.resolve("my file.c"), Language.C));
        assertThat(compile.bracketDirectories()).containsExactly(BUILD.resolve("inc dir"), BUILD.resolve("a\"b"));
        assertThat(compile.defines()).containsEntry("STR", List.of("\"x.h\"")).containsEntry("Q", List.of("\"y.h\""));
    }

    @Test
    void launchersAndVariablesBeforeTheCompilerAreDropped() {
        assertThat(compile("ccache cc -c a.c").compiler()).isEqualTo("cc");
        assertThat(compile("env CCACHE_DIR=/x ccache /usr/bin/gcc-12 -c a.c").compiler()).isEqualTo("/usr/bin/gcc-12");
        assertThat(compile("LANG=C /usr/lib/ccache/x86_64-linux-gnu-g++ -c a.cc").sources())
                .containsExactly(new SourceFile(BUILD.resolve("a.cc"), Language.CXX));
        assertThat(compile("sccache clang++-16 -c a.cpp").compiler()).isEqualTo("clang++-16");
    }

    @Test
    void otherCommandsOfTheLineAreKeptNotFollowed() {
        CompileCommand compile = compile("cc -c a.c -o a.o && touch stamp ; true");

        assertThat(compile.otherCommands()).containsExactly(List.of("touch", "stamp"));
    }

    @Test
    void theLanguageComesFromXOrTheExtension() {
        assertThat(compile("cc -c -x c++ a.c -x none b.c c.S d.m e.mm").sources()).containsExactly(
                new SourceFile(BUILD.resolve("a.c"), Language.CXX), new SourceFile(BUILD.resolve("b.c"), Language.C),
                new SourceFile(BUILD.resolve("c.S"), Language.ASSEMBLER_WITH_CPP),
                new SourceFile(BUILD.resolve("d.m"), Language.OBJC), new SourceFile(BUILD.resolve("e.mm"), Language.OBJCXX));
        assertThat(compile("c++ -x c++-header -c pch.h -o pch.h.gch").sources())
                .containsExactly(new SourceFile(BUILD.resolve("pch.h"), Language.CXX_HEADER));
    }

    @Test
    void everyLookupOptionGoesToItsList() {
        CompileCommand compile = compile("gcc -c a.c -iquote q1 -I i1 -isystem s1 -idirafter d1 -iquoteq2 -Ii2"
                + " -isystems2 -idirafterd2 --include-directory=i3 --include-directory-after d3"
                + " -include first.h -imacros macros.h --include=second.h -iprefix /p/ -iwithprefix w1 -iwithprefixbefore w2");

        assertThat(compile.quoteDirectories()).containsExactly(BUILD.resolve("q1"), BUILD.resolve("q2"));
        assertThat(compile.bracketDirectories()).containsExactly(BUILD.resolve("i1"), BUILD.resolve("i2"),
                BUILD.resolve("i3"), Path.of("/p/w2"));
        assertThat(compile.systemDirectories()).containsExactly(BUILD.resolve("s1"), BUILD.resolve("s2"));
        assertThat(compile.afterDirectories()).containsExactly(BUILD.resolve("d1"), BUILD.resolve("d2"),
                BUILD.resolve("d3"), Path.of("/p/w1"));
        // gcc reads every -imacros file before the -include files.
        assertThat(compile.forcedIncludes()).containsExactly("macros.h", "first.h", "second.h");
        assertThat(compile.searchesIncluderDirectory()).isTrue();
    }

    @Test
    void iDashMakesEarlierIDirectoriesQuoteOnlyAndStopsSearchingBesideTheIncluder() {
        CompileCommand compile = compile("gcc -c a.c -Ibefore -iquote q -I- -Iafter");

        assertThat(compile.quoteDirectories()).containsExactly(BUILD.resolve("before"), BUILD.resolve("q"));
        assertThat(compile.bracketDirectories()).containsExactly(BUILD.resolve("after"));
        assertThat(compile.searchesIncluderDirectory()).isFalse();
    }

    @Test
    void sysrootPrefixesAndToolchainOptionsAreKept() {
        CompileCommand compile = compile("gcc -c a.c --sysroot=/sys -I=/usr/inc -isystem '$SYSROOT/opt' -std=gnu11"
                + " -nostdinc -m32 -B tools -O2 -Wall -fPIC");

        assertThat(compile.bracketDirectories()).containsExactly(Path.of("/sys/usr/inc"));
        assertThat(compile.systemDirectories()).containsExactly(Path.of("/sys/opt"));
        assertThat(compile.toolchainFlags()).containsExactly("--sysroot=/sys", "-std=gnu11", "-nostdinc", "-m32",
                "-B/abs/build/tools");
        assertThat(compile.toolchain(Language.C)).isEqualTo(new Toolchain("gcc", Language.C,
                List.of("--sysroot=/sys", "-std=gnu11", "-nostdinc", "-m32", "-B/abs/build/tools")));
    }

    @Test
    void preprocessorOptionsPassedThroughWpAreRead() {
        CompileCommand compile = compile("gcc -Wp,-MD,.a.o.d -Wp,-Iwp,-DX=\"x.h\" -Xpreprocessor -isystem"
                + " -Xpreprocessor xp -c a.c");

        assertThat(compile.bracketDirectories()).containsExactly(BUILD.resolve("wp"));
        assertThat(compile.defines()).containsEntry("X", List.of("x.h"));
    }

    @Test
    void optionsNamingFilesTheCompilerReadsAreOtherInputs() {
        CompileCommand compile = compile("clang -c a.c -fprofile-instr-use=prof/a.profdata"
                + " -fsanitize-ignorelist=ignore.txt -Xclang -include-pch -Xclang pch.h.pch");

        assertThat(compile.otherInputs()).containsExactly(BUILD.resolve("prof/a.profdata"),
                BUILD.resolve("ignore.txt"), BUILD.resolve("pch.h.pch"));
    }

    @Test
    void responseFilesAreReadFromDiskOrFromWhatNinjaWillWrite() throws IOException {
        Files.writeString(tmp.resolve("args.rsp"), "-Iinc 'quoted dir/x' -DA=\\\"b\\\"\n@more.rsp\n");
        Files.writeString(tmp.resolve("more.rsp"), "-c a.c");

        CompileCommand fromDisk = compile("cc @args.rsp -o a.o", tmp);
        assertThat(fromDisk.bracketDirectories()).containsExactly(tmp.resolve("inc"));
        assertThat(fromDisk.arguments()).containsExactly("cc", "-Iinc", "quoted dir/x", "-DA=\"b\"", "-c", "a.c", "-o", "a.o");
        assertThat(fromDisk.otherInputs()).containsExactly(tmp.resolve("args.rsp"), tmp.resolve("more.rsp"));

        ParsedCommand pending = CompileCommand.parse("cc @out.rsp", tmp,
                Map.of(tmp.resolve("out.rsp"), "-c b.c -Ipending"));
        assertThat(((ParsedCommand.Compile) pending).command().bracketDirectories())
                .containsExactly(tmp.resolve("pending"));
    }

    @Test
    void linksArchivesAndGeneratorsAreNotCompiles() {
        assertThat(notACompile("cc a.o b.o -o app -lm")).isEqualTo(
                "the command runs 'cc', not a C or C++ compile with -c, -S or -E");
        assertThat(notACompile("ar rcs libx.a a.o b.o")).isEqualTo(
                "the command runs 'ar', not a C or C++ compile with -c, -S or -E");
        assertThat(notACompile("cd /x && python3 gen.py > out.h")).isEqualTo(
                "the command runs 'python3', not a C or C++ compile with -c, -S or -E");
        assertThat(notACompile("cc -c a.i -o a.o")).isEqualTo("the command runs 'cc', not a C or C++ compile with -c, -S or -E");
        assertThat(notACompile("")).isEqualTo("the command is empty");
    }

    @Test
    void shellExpansionsAreRefusedByName() {
        assertThat(unsupported("cc -c $SRC")).isEqualTo(
                "the command expands the shell variable '$SRC', whose value is not known here");
        assertThat(unsupported("cc -c \"${DIR}/a.c\"")).isEqualTo(
                "the command expands the shell variable '${DIR}', whose value is not known here");
        assertThat(unsupported("cc -c `ls`")).isEqualTo("the command substitutes a command's output ('`')");
        assertThat(unsupported("cc -c $(ls)")).isEqualTo("the command substitutes a command's output ('$(')");
        assertThat(unsupported("cc -c *.c")).isEqualTo("the command has the unquoted glob character '*'"
                + " (in a word starting '*'): the words depend on the files present");
        assertThat(unsupported("cc -c ~/a.c")).isEqualTo(
                "the command starts a word with '~', which the shell expands to a home directory");
        assertThat(unsupported("cc -c 'a.c")).isEqualTo("the command has an unterminated single quote");
        assertThat(unsupported("cc -c a.c &")).isEqualTo("the command runs a command in the background ('&')");
        assertThat(unsupported("(cd x && cc -c a.c)")).isEqualTo(
                "the command runs a subshell ('('), whose commands are not read");
        assertThat(unsupported("cc -c a.c <<EOF")).isEqualTo("the command uses a here-document ('<<')");
    }

    @Test
    void compilesThatCannotBeScannedAreRefusedByName() {
        assertThat(unsupported("cc a.c -o app")).isEqualTo("the compile compiles and links in one command"
                + " (no -c, -S or -E): the files its link reads are not found by scanning");
        assertThat(unsupported("cc -c -x c - -o a.o")).isEqualTo("the compile reads its source from standard input ('-')");
        assertThat(unsupported("cc -c a.f90")).isEqualTo(
                "the compile reads a.f90: a .f90 file is not C, C++ or Objective-C");
        assertThat(unsupported("cc -c start.s")).isEqualTo("the compile reads start.s: assembler without the"
                + " preprocessor: its .include directives are not scanned");
        assertThat(unsupported("cc -x go -c a.go")).isEqualTo(
                "the compile compiles the language 'go' (-x go), which is not C, C++ or Objective-C");
        assertThat(unsupported("clang++ -fmodules -c a.cc")).isEqualTo(
                "the compile uses -fmodules: clang modules read module maps and prebuilt modules");
        assertThat(unsupported("g++ -fmodules-ts -c a.cc")).isEqualTo(
                "the compile uses -fmodules-ts: C++ modules read compiled module interfaces");
        assertThat(unsupported("clang -iframework /F -c a.m")).isEqualTo(
                "the compile uses -iframework: framework directories are not searched here");
        assertThat(unsupported("clang -cxx-isystem /x -c a.cc")).isEqualTo(
                "the compile uses -cxx-isystem: it adds a directory for C++ only, not modelled here");
        assertThat(unsupported("clang -ivfsoverlay o.yaml -c a.c")).isEqualTo(
                "the compile uses -ivfsoverlay: a virtual file system overlay renames files");
        assertThat(unsupported("gcc -iwithprefix w -c a.c")).isEqualTo("the compile uses -iwithprefix without"
                + " -iprefix: the prefix would be gcc's own installation directory, which is not asked for here");
        assertThat(unsupported("gcc -fprofile-use -c a.c")).isEqualTo(
                "the compile uses -fprofile-use: without a path it reads .gcda files named after the output");
        assertThat(unsupported("gcc -c a.c -I")).isEqualTo("the compile ends with '-I', which needs a value after it");
        assertThat(unsupported("gcc -I- -I- -c a.c")).isEqualTo("the compile has '-I-' twice");
        assertThat(unsupported("clang -Xclang -internal-isystem -Xclang /x -c a.c")).isEqualTo("the compile passes"
                + " '-internal-isystem' to clang's front end with -Xclang, which is not read here");
        assertThat(unsupported("gcc -Wp,-iprefix,/x -c a.c")).isEqualTo(
                "the compile passes '-iprefix' to the preprocessor, which is not read here");
    }

    @Test
    void commandsTheScannerCannotFollowAreRefusedByName() {
        assertThat(unsupported("CPATH=/x cc -c a.c")).isEqualTo(
                "the command sets CPATH, which changes where the compiler looks for files");
        assertThat(unsupported("env C_INCLUDE_PATH=/x cc -c a.c")).isEqualTo(
                "the command sets C_INCLUDE_PATH, which changes where the compiler looks for files");
        assertThat(unsupported("nvcc -c a.cu")).isEqualTo(
                "the command runs 'nvcc', a compiler whose options are not read here (only gcc's and clang's)");
        assertThat(unsupported("cc -c a.c && cc -c b.c")).isEqualTo(
                "the command runs two compiles (cc -c a.c and cc -c b.c): split them into two edges");
        assertThat(unsupported("/usr/bin/cmake -E __run_co_compile --tidy=clang-tidy --source=a.c -- cc -c a.c"))
                .isEqualTo("the command runs CMake's co-compile (clang-tidy, cpplint, include-what-you-use or"
                        + " cppcheck beside the compiler), which reads files of its own");
        assertThat(unsupported("env -i cc -c a.c")).isEqualTo(
                "the command runs 'env -i': options of env are not read here");
        assertThat(unsupported("cd a b && cc -c a.c")).isEqualTo(
                "the command runs 'cd' with 2 arguments: only 'cd DIR' is followed");
        assertThat(unsupported("cc @missing.rsp")).isEqualTo("the compile reads its arguments from the response file"
                + " /abs/build/missing.rsp, which does not exist; pass its content (ninja's rspfile_content) if it"
                + " is written just before the command runs");
    }
}
