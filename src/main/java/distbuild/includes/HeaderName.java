package distbuild.includes;

/** What a directive names: {@code "x.h"}, {@code <x.h>}, or macro text to expand first. */
public sealed interface HeaderName {
    /** {@code "name"}: looked up beside the includer first. */
    record Quoted(String name) implements HeaderName {}

    /** {@code <name>}: looked up from the bracket directories on. */
    record Angled(String name) implements HeaderName {}

    /** {@code #include MACRO}: the directive's text after the keyword, comments removed. */
    record Computed(String text) implements HeaderName {}
}
