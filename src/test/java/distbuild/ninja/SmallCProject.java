package distbuild.ninja;

import java.nio.file.Path;

/**
 * A small C project with a hand-written {@code build.ninja}: compiles that leave gcc depfiles
 * for {@code .ninja_deps}, and a link through a response file, whose content ninja hashes into
 * {@code .ninja_log} with the command.
 */
final class SmallCProject {
    static final String BUILD_NINJA = """
            rule cc
              command = cc -MMD -MF $out.d -c $in -o $out
              depfile = $out.d
              deps = gcc
              description = CC $out
            rule link
              command = cc @$out.rsp -o $out
              rspfile = $out.rsp
              rspfile_content = $in
            build a.o: cc src/a.c
            build b.o: cc src/b.c
            build app: link a.o b.o
            """;

    private SmallCProject() {}

    static BuildDir write(Path dir) {
        return new BuildDir(dir)
                .file("src/a.h", "int answer(void);\n")
                .file("src/a.c", "#include \"a.h\"\nint answer(void) { return 42; }\n")
                .file("src/b.c", "int answer(void);\nint main(void) { return answer() == 42 ? 0 : 1; }\n")
                .file("build.ninja", BUILD_NINJA);
    }
}
