package distbuild.includes;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages whose sources go through the C preprocessor, named as gcc's {@code -x} names them.
 * The language decides the compiler's own include directories (C++ adds its library's) and
 * nothing else here: scanning is the same for all of them.
 */
public enum Language {
    C("c"),
    C_HEADER("c-header"),
    CXX("c++"),
    CXX_HEADER("c++-header"),
    OBJC("objective-c"),
    OBJC_HEADER("objective-c-header"),
    OBJCXX("objective-c++"),
    OBJCXX_HEADER("objective-c++-header"),
    ASSEMBLER_WITH_CPP("assembler-with-cpp");

    private final String gccName;

    Language(String gccName) {
        this.gccName = gccName;
    }

    /** The name {@code -x} takes, and the one the compiler is asked about. */
    public String gccName() {
        return gccName;
    }

    /** The language {@code -x name} selects, if it is one that is preprocessed here. */
    static Optional<Language> named(String name) {
        for (Language language : values()) {
            if (language.gccName.equals(name)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /** What gcc makes of a file by its name when no {@code -x} is given. */
    static FileKind byExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        int slash = fileName.lastIndexOf('/');
        if (dot < 0 || dot <= slash) {
            return new FileKind.LinkerInput();
        }
        String extension = fileName.substring(dot + 1);
        return switch (extension) {
            case "c" -> new FileKind.Source(C);
            case "h" -> new FileKind.Source(C_HEADER);
            case "cc", "cp", "cxx", "cpp", "CPP", "c++", "C" -> new FileKind.Source(CXX);
            case "ii" -> new FileKind.NotPreprocessed("C++ that is already preprocessed");
            case "hh", "H", "hp", "hxx", "hpp", "HPP", "h++", "tcc" -> new FileKind.Source(CXX_HEADER);
            case "m" -> new FileKind.Source(OBJC);
            case "mm", "M" -> new FileKind.Source(OBJCXX);
            case "S", "sx" -> new FileKind.Source(ASSEMBLER_WITH_CPP);
            case "i" -> new FileKind.NotPreprocessed("C that is already preprocessed");
            case "mi", "mii" -> new FileKind.NotPreprocessed("Objective-C that is already preprocessed");
            case "s" -> new FileKind.Unsupported("assembler without the preprocessor: its .include directives"
                    + " are not scanned");
            default -> extension.toLowerCase(Locale.ROOT).matches("f|for|ftn|fpp|f77|f90|f95|f03|f08|ads|adb|d|di|go|cu|mod|rs")
                    ? new FileKind.Unsupported("a ." + extension + " file is not C, C++ or Objective-C")
                    : new FileKind.LinkerInput();
        };
    }

    /** What the compiler driver does with one of its input files. */
    sealed interface FileKind {
        /** Preprocessed and compiled as {@code language}. */
        record Source(Language language) implements FileKind {}

        /** Passed on to the linker (objects, libraries, unknown extensions). */
        record LinkerInput() implements FileKind {}

        /** Compiled without the preprocessor: it reads no other file. */
        record NotPreprocessed(String what) implements FileKind {}

        /** A kind of input the scanner does not follow. */
        record Unsupported(String why) implements FileKind {}
    }
}
