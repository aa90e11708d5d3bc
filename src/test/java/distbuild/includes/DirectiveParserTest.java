package distbuild.includes;

import static distbuild.includes.IncludeDirective.Kind.DEPENDENCY;
import static distbuild.includes.IncludeDirective.Kind.EMBED;
import static distbuild.includes.IncludeDirective.Kind.HAS_INCLUDE;
import static distbuild.includes.IncludeDirective.Kind.HAS_INCLUDE_NEXT;
import static distbuild.includes.IncludeDirective.Kind.IMPORT;
import static distbuild.includes.IncludeDirective.Kind.INCLUDE;
import static distbuild.includes.IncludeDirective.Kind.INCLUDE_NEXT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectiveParserTest {
    private static FileDirectives parse(String text) {
        return DirectiveParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<IncludeDirective> includes(String text) {
        return parse(text).includes();
    }

    private static IncludeDirective quoted(IncludeDirective.Kind kind, String name, int line) {
        return new IncludeDirective(kind, new HeaderName.Quoted(name), line);
    }

    private static IncludeDirective angled(IncludeDirective.Kind kind, String name, int line) {
        return new IncludeDirective(kind, new HeaderName.Angled(name), line);
    }

    @Test
    void everySpellingOfAnIncludeIsFound() {
        assertThat(includes("""
                #include "a.h"
                #include <b.h>
                  #  include_next <c.h>
                #import "d.h"
                %:include "e.h"
                #\tinclude"f.h"
                # /* a comment */ include <g.h> // and another
                #include <dir/größe.h>
                """)).containsExactly(quoted(INCLUDE, "a.h", 1), angled(INCLUDE, "b.h", 2), angled(INCLUDE_NEXT, "c.h", 3),
                quoted(IMPORT, "d.h", 4), quoted(INCLUDE, "e.h", 5), quoted(INCLUDE, "f.h", 6), angled(INCLUDE, "g.h", 7),
                angled(INCLUDE, "dir/größe.h", 8));
    }

    @Test
    void conditionsAreIgnoredSoEveryBranchCounts() {
        assertThat(includes("""
                #if 0
                #include "never.h"
                #elif defined(X)
                #include "sometimes.h"
                #else
                #include "otherwise.h"
                #endif
                """)).extracting(IncludeDirective::target).containsExactly(new HeaderName.Quoted("never.h"),
                new HeaderName.Quoted("sometimes.h"), new HeaderName.Quoted("otherwise.h"));
    }

    @Test
    void commentsHideDirectives() {
        assertThat(includes("""
                // #include "line.h"
                /* #include "block.h" */
                /*
                #include "spanned.h"
                */
                int x; /* a comment that ends on the next line
                */ #include "not-first-on-its-line.h"
                """)).isEmpty();
    }

    @Test
    void aDirectiveAfterACommentThatStartedItsLineCounts() {
        assertThat(includes("""
                /* starts the line
                   and ends here */ #include "after-comment.h"
                """)).containsExactly(quoted(INCLUDE, "after-comment.h", 2));
    }

    @Test
    void continuationsJoinLinesAndLinesAreStillCounted() {
        assertThat(includes("#inc\\\nlude \"a.h\"\n#define LONG 1 \\\n   + 2\n# \\  \n include <b.h>\n"))
                .containsExactly(quoted(INCLUDE, "a.h", 1), angled(INCLUDE, "b.h", 5));
        assertThat(includes("// a comment continued \\\n#include \"hidden.h\"\n")).isEmpty();
    }

    @Test
    void literalsStartNoCommentAndHideNothing() {
        assertThat(includes("""
                const char *s = "/* not a comment";
                #include "a.h"
                char c = '"'; char d = '/*';
                #include "b.h"
                int million = 1'000'000;
                #include "c.h"
                const char *unterminated = "still fine
                #include "d.h"
                """)).extracting(directive -> ((HeaderName.Quoted) directive.target()).name())
                .containsExactly("a.h", "b.h", "c.h", "d.h");
    }

    @Test
    void rawStringsHideWhatIsInThem() {
        assertThat(includes("""
                const char *raw = R"x(
                #include "inside.h"
                /* not a comment either
                )x";
                #include "after.h"
                auto u = u8R"(")";
                #include "last.h"
                """)).extracting(directive -> ((HeaderName.Quoted) directive.target()).name())
                .containsExactly("after.h", "last.h");
    }

    @Test
    void headerNamesAreNotLiteralsOrComments() {
        assertThat(includes("#include <a//b.h>\n#include \"c/*d.h\"\n#include \"e\\f.h\"\n#include \"g.h\"\n"))
                .extracting(IncludeDirective::target).containsExactly(new HeaderName.Angled("a//b.h"),
                        new HeaderName.Quoted("c/*d.h"), new HeaderName.Quoted("e\\f.h"), new HeaderName.Quoted("g.h"));
    }

    @Test
    void hasIncludeInConditionsAndMacrosIsALookup() {
        assertThat(includes("""
                #if __has_include("a.h") && __has_include( <b.h> )
                #elif defined __has_include_next && __has_include_next(<c.h>)
                #endif
                #define HAVE_D __has_include(<d.h>)
                #if __has_include(HEADER_MACRO)
                #endif
                #ifdef __has_include
                #endif
                """)).containsExactly(quoted(HAS_INCLUDE, "a.h", 1), angled(HAS_INCLUDE, "b.h", 1),
                angled(HAS_INCLUDE_NEXT, "c.h", 2), angled(HAS_INCLUDE, "d.h", 4),
                new IncludeDirective(HAS_INCLUDE, new HeaderName.Computed("HEADER_MACRO"), 5));
    }

    @Test
    void computedIncludesKeepTheirTextAndDefinesKeepHeaderNames() {
        FileDirectives directives = parse("""
                #define CONFIG "config.h"
                #define SYSTEM <sys/system.h>
                #define ALIAS CONFIG /* a comment */
                #define NUMBER 42
                #define FUNCTION(x) #x
                #define CONFIG "other.h"
                #include CONFIG
                #include FUNCTION(a.h) // why not
                """);

        assertThat(directives.includes()).containsExactly(
                new IncludeDirective(INCLUDE, new HeaderName.Computed("CONFIG"), 7),
                new IncludeDirective(INCLUDE, new HeaderName.Computed("FUNCTION(a.h)"), 8));
        assertThat(directives.defines()).containsEntry("CONFIG", List.of("\"config.h\"", "\"other.h\""))
                .containsEntry("SYSTEM", List.of("<sys/system.h>")).containsEntry("ALIAS", List.of("CONFIG"))
                .containsEntry("NUMBER", List.of(FileDirectives.OPAQUE))
                .containsEntry("FUNCTION", List.of(FileDirectives.OPAQUE));
    }

    @Test
    void embedAndPragmaDependencyLookFilesUp() {
        assertThat(includes("#embed \"data.bin\" limit(4)\n#pragma GCC dependency \"parse.y\" rebuild it\n"
                + "#pragma once\n")).containsExactly(quoted(EMBED, "data.bin", 1), quoted(DEPENDENCY, "parse.y", 2));
    }

    @Test
    void lineMarkersAndOtherDirectivesAreNotLookups() {
        assertThat(includes("# 1 \"file.c\"\n#line 4 \"x.h\"\n#error \"#include x\"\n#warning <y.h>\n")).isEmpty();
    }

    @Test
    void carriageReturnLineEndsAreLineEnds() {
        assertThat(includes("#include \"a.h\"\r\n#include \\\r\n<b.h>\r\n"))
                .containsExactly(quoted(INCLUDE, "a.h", 1), angled(INCLUDE, "b.h", 2));
    }
}
