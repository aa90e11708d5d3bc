package distbuild.includes;

/**
 * A directive that makes the compiler look a file up.
 *
 * @param line the line it starts on, for messages
 */
public record IncludeDirective(Kind kind, HeaderName target, int line) {
    /** The directives, and what each does with the file it finds. */
    public enum Kind {
        /** {@code #include}: the file is read and preprocessed. */
        INCLUDE,
        /** {@code #include_next}: as {@code #include}, the lookup continuing after the includer's directory. */
        INCLUDE_NEXT,
        /** {@code #import}: an {@code #include} that happens once. */
        IMPORT,
        /** {@code __has_include(...)}: the file is looked up and must be present as it is here, not read. */
        HAS_INCLUDE,
        /** {@code __has_include_next(...)}: as {@code __has_include}, continuing after the includer's directory. */
        HAS_INCLUDE_NEXT,
        /** {@code #embed} (C23): the file is read as bytes, not preprocessed. */
        EMBED,
        /** {@code #pragma GCC dependency}: the file's time is compared with the includer's. */
        DEPENDENCY;

        /** Whether the lookup continues after the includer's directory. */
        public boolean isNext() {
            return this == INCLUDE_NEXT || this == HAS_INCLUDE_NEXT;
        }

        /** Whether the found file is preprocessed, so its own directives count. */
        public boolean isPreprocessed() {
            return this == INCLUDE || this == INCLUDE_NEXT || this == IMPORT;
        }
    }
}
