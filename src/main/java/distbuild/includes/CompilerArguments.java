package distbuild.includes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A gcc or clang driver's arguments read for what changes which files it reads: the mode, the
 * sources and their languages, the include directories in their four lists, forced includes,
 * {@code -D} macros and the options that change the compiler's own directories. Every other
 * option is passed over: it may change the code, not where headers are found.
 *
 * <p>An option that changes lookup in a way not modelled here (modules, frameworks, VFS overlays,
 * {@code -iwithprefix} relative to gcc's own prefix) makes the compile {@link ParsedCommand.Unsupported}
 * by name, never silently ignored.
 */
final class CompilerArguments {
    /** Options whose value may be the next argument; longer names first where one starts another. */
    private static final List<String> WITH_VALUE = List.of("-iquote", "-isystem", "-isysroot", "-idirafter",
            "-iwithprefixbefore", "-iwithprefix", "-iprefix", "-imacros", "-include-pch", "-include", "-imultilib",
            "-imultiarch", "-I", "-D", "-U", "-o", "-x", "-MF", "-MT", "-MQ", "-B", "-L", "-A");
    /** Options that always take the next argument, which is not a file read here. */
    private static final Set<String> SEPARATE_VALUE = Set.of("-Xlinker", "-Xassembler", "-Xanalyzer", "-aux-info",
            "--param", "-arch", "-G", "-wrapper", "-dumpbase", "-dumpbase-ext", "-dumpdir", "-T", "-u", "-z", "-e", "-l",
            "-MJ", "-main-file-name");
    /** gcc's long spellings, as the short option they stand for. */
    private static final Map<String, String> LONG_FORMS = Map.ofEntries(
            Map.entry("--include-directory", "-I"), Map.entry("--include-directory-after", "-idirafter"),
            Map.entry("--include-prefix", "-iprefix"), Map.entry("--include-with-prefix", "-iwithprefix"),
            Map.entry("--include-with-prefix-after", "-iwithprefix"),
            Map.entry("--include-with-prefix-before", "-iwithprefixbefore"), Map.entry("--include", "-include"),
            Map.entry("--imacros", "-imacros"), Map.entry("--define-macro", "-D"), Map.entry("--undefine-macro", "-U"),
            Map.entry("--output", "-o"), Map.entry("--language", "-x"), Map.entry("--sysroot", "--sysroot"),
            Map.entry("--no-standard-includes", "-nostdinc"), Map.entry("--include-barrier", "-I-"),
            Map.entry("--preprocess", "-E"), Map.entry("--compile", "-c"), Map.entry("--assemble", "-S"),
            Map.entry("--dependencies", "-M"), Map.entry("--user-dependencies", "-MM"));
    private static final Set<String> MODES = Set.of("-c", "-S", "-E", "-M", "-MM", "-fsyntax-only");
    /** Flags without a value that change the compiler's own include directories. */
    private static final Set<String> TOOLCHAIN_FLAGS = Set.of("-nostdinc", "-nostdinc++", "-nostdlibinc",
            "-nobuiltininc", "-m16", "-m32", "-m64", "-mx32", "-no-canonical-prefixes", "-fno-canonical-system-headers");
    /** Options with an attached value that change the compiler's own include directories. */
    private static final List<String> TOOLCHAIN_PREFIXES = List.of("-std=", "--std=", "-stdlib=", "--stdlib=",
            "--target=", "-mabi=", "-mfloat-abi=", "-specs=", "--specs=");
    /** Options naming a directory of the toolchain itself; made absolute. */
    private static final List<String> TOOLCHAIN_PATH_PREFIXES = List.of("--gcc-toolchain=", "--gcc-install-dir=",
            "-resource-dir=");
    /** Options that name a file the compiler reads. */
    private static final List<String> INPUT_PREFIXES = List.of("-fprofile-use=", "-fprofile-instr-use=",
            "-fprofile-sample-use=", "-fauto-profile=", "-fsanitize-ignorelist=", "-fsanitize-blacklist=",
            "-fsanitize-coverage-allowlist=", "-fsanitize-coverage-ignorelist=", "-fplugin=", "-fxray-attr-list=",
            "-fxray-always-instrument=", "-fxray-never-instrument=", "-fprofile-list=");
    /** Options that change lookup in ways not modelled here, with why. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("-fmodules", "clang modules read module maps and prebuilt modules"),
            Map.entry("-fcxx-modules", "clang modules read module maps and prebuilt modules"),
            Map.entry("-fmodules-ts", "C++ modules read compiled module interfaces"),
            Map.entry("-fmodule-map-file=", "clang modules read module maps and prebuilt modules"),
            Map.entry("-fmodule-file=", "C++ modules read compiled module interfaces"),
            Map.entry("-fprebuilt-module-path=", "C++ modules read compiled module interfaces"),
            Map.entry("-fmodule-mapper=", "C++ modules read compiled module interfaces"),
            Map.entry("-iframework", "framework directories are not searched here"),
            Map.entry("-iframeworkwithsysroot", "framework directories are not searched here"),
            Map.entry("-F", "framework directories are not searched here"),
            Map.entry("-iwithsysroot", "it is clang's, and not modelled here"),
            Map.entry("-isystem-after", "it is clang's, and not modelled here"),
            Map.entry("-cxx-isystem", "it adds a directory for C++ only, not modelled here"),
            Map.entry("-ivfsoverlay", "a virtual file system overlay renames files"),
            Map.entry("--embed-dir=", "#embed directories are not modelled here"),
            Map.entry("-fprofile-use", "without a path it reads .gcda files named after the output"),
            Map.entry("-fauto-profile", "without a path it reads fbdata.afdo from the working directory"));

    /** Refused options that take a value, maybe attached. */
    private static final Set<String> REFUSED_WITH_VALUE = Set.of("-iframework", "-iframeworkwithsysroot", "-iwithsysroot",
            "-isystem-after", "-cxx-isystem", "-ivfsoverlay", "-F");

    private final Path directory;
    private final Map<Path, String> pendingResponseFiles;
    private final List<String> arguments = new ArrayList<>();
    private final List<Path> otherInputs = new ArrayList<>();
    private final List<SourceFile> sources = new ArrayList<>();
    private final List<DirectoryOption> directories = new ArrayList<>();
    private final List<String> forcedIncludes = new ArrayList<>();
    private final List<String> forcedMacroFiles = new ArrayList<>();
    private final Map<String, List<String>> defines = new LinkedHashMap<>();
    private final List<String> toolchainFlags = new ArrayList<>();
    private String mode;
    private Language languageOverride;
    private String notPreprocessedOverride;
    private String sysroot;
    private String headerSysroot;
    private String prefix;
    private boolean splitAt;
    private int notPreprocessedInputs;

    /** An include directory option, kept as given until the sysroot (which may come later) is known. */
    private record DirectoryOption(String option, String value) {}

    /** Stops reading the arguments: the compile is not one the scanner understands. */
    private static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    private CompilerArguments(Path directory, Map<Path, String> pendingResponseFiles) {
        this.directory = directory;
        this.pendingResponseFiles = pendingResponseFiles;
    }

    static ParsedCommand read(List<String> words, Path directory, Map<Path, String> pendingResponseFiles) {
        CompilerArguments reading = new CompilerArguments(directory, pendingResponseFiles);
        try {
            reading.expand(words, 0);
            return reading.compile();
        } catch (Refusal e) {
            return new ParsedCommand.Unsupported("the compile " + e.getMessage());
        }
    }

    private void expand(List<String> words, int depth) throws Refusal {
        for (String word : words) {
            if (word.startsWith("@") && word.length() > 1 && !arguments.isEmpty()) {
                if (depth >= 16) {
                    throw new Refusal("nests response files more than 16 deep (at " + word + ")");
                }
                Path file = directory.resolve(word.substring(1));
                otherInputs.add(file);
                expand(ResponseFileWords.split(responseFile(file)), depth + 1);
            } else {
                arguments.add(word);
            }
        }
    }

    private String responseFile(Path file) throws Refusal {
        String pending = pendingResponseFiles.get(file.normalize());
        if (pending != null) {
            return pending;
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Refusal("reads its arguments from the response file " + file + ", which does not exist;"
                    + " pass its content (ninja's rspfile_content) if it is written just before the command runs");
        } catch (IOException e) {
            throw new Refusal("reads its arguments from the response file " + file + ", which cannot be read: " + e);
        }
    }

    private ParsedCommand compile() throws Refusal {
        for (int at = 1; at < arguments.size(); at++) {
            at = option(at);
        }
        if (mode == null) {
            if (!sources.isEmpty()) {
                throw new Refusal("compiles and links in one command (no -c, -S or -E): the files its link reads"
                        + " are not found by scanning");
            }
            return new ParsedCommand.NotACompile("the compiler runs without -c, -S or -E and no source: a link or a query");
        }
        if (sources.isEmpty()) {
            return new ParsedCommand.NotACompile(notPreprocessedInputs > 0
                    ? "the compile reads only files that are already preprocessed"
                    : "the compile has no source file");
        }
        List<Path> quote = new ArrayList<>();
        List<Path> bracket = new ArrayList<>();
        List<Path> system = new ArrayList<>();
        List<Path> after = new ArrayList<>();
        boolean beforeSplit = splitAt;
        for (DirectoryOption option : directories) {
            switch (option.option()) {
                case "-I-" -> beforeSplit = false;
                case "-I" -> (beforeSplit ? quote : bracket).add(includeDirectory(option.value()));
                case "-iquote" -> quote.add(includeDirectory(option.value()));
                case "-isystem" -> system.add(includeDirectory(option.value()));
                case "-idirafter" -> after.add(includeDirectory(option.value()));
                case "-iwithprefix" -> after.add(directory.resolve(prefixed(option.value())));
                case "-iwithprefixbefore" -> bracket.add(directory.resolve(prefixed(option.value())));
                default -> throw new IllegalStateException("not a directory option: " + option.option());
            }
        }
        List<String> forced = new ArrayList<>(forcedMacroFiles);
        forced.addAll(forcedIncludes);
        return new ParsedCommand.Compile(new CompileCommand(directory, arguments, sources, quote, bracket, system, after,
                !splitAt, forced, defines, toolchainFlags, otherInputs, List.of()));
    }

    /** Reads the option at {@code at}; returns the index of the last argument it used. */
    private int option(int at) throws Refusal {
        String word = arguments.get(at);
        if (word.equals("-")) {
            throw new Refusal("reads its source from standard input ('-')");
        }
        if (!word.startsWith("-")) {
            input(word);
            return at;
        }
        String refusal = refusal(word);
        if (refusal != null) {
            throw new Refusal("uses " + word + ": " + refusal);
        }
        if (word.equals("-I-")) {
            return given(word, null, at);
        }
        int equals = word.indexOf('=');
        String longName = word.startsWith("--") ? (equals > 0 ? word.substring(0, equals) : word) : null;
        if (longName != null && LONG_FORMS.containsKey(longName)) {
            String shortName = LONG_FORMS.get(longName);
            if (equals > 0 || !takesValue(shortName)) {
                return given(shortName, equals > 0 ? word.substring(equals + 1) : null, at);
            }
            return given(shortName, valueAfter(word, at), at + 1);
        }
        for (String name : WITH_VALUE) {
            if (word.startsWith(name)) {
                if (word.length() > name.length()) {
                    return given(name, word.substring(name.length()), at);
                }
                return given(name, valueAfter(word, at), at + 1);
            }
        }
        return given(word, null, at);
    }

    private static boolean takesValue(String shortName) {
        return WITH_VALUE.contains(shortName) || shortName.equals("--sysroot");
    }

    private String valueAfter(String option, int at) throws Refusal {
        if (at + 1 >= arguments.size()) {
            throw new Refusal("ends with '" + option + "', which needs a value after it");
        }
        return arguments.get(at + 1);
    }

    /** Applies {@code option} with {@code value} (null for a flag); returns {@code last}, the last argument used. */
    private int given(String option, String value, int last) throws Refusal {
        switch (option) {
            case "-I" -> directories.add(new DirectoryOption(option, value));
            case "-iquote", "-isystem", "-idirafter", "-iwithprefix", "-iwithprefixbefore" ->
                    directories.add(new DirectoryOption(option, value));
            case "-I-" -> {
                if (splitAt) {
                    throw new Refusal("has '-I-' twice");
                }
                splitAt = true;
                directories.add(new DirectoryOption(option, null));
            }
            case "-iprefix" -> prefix = value;
            case "-include" -> forcedIncludes.add(value);
            case "-imacros" -> forcedMacroFiles.add(value);
            case "-include-pch" -> otherInputs.add(directory.resolve(value));
            case "-isysroot" -> {
                headerSysroot = value;
                toolchainFlags.add("-isysroot");
                toolchainFlags.add(directory.resolve(value).toString());
            }
            case "--sysroot" -> {
                sysroot = value;
                toolchainFlags.add("--sysroot=" + directory.resolve(value));
            }
            case "-imultilib", "-imultiarch" -> {
                toolchainFlags.add(option);
                toolchainFlags.add(value);
            }
            case "-B" -> toolchainFlags.add("-B" + directory.resolve(value));
            case "-D" -> define(value);
            case "-x" -> language(value);
            case "-U", "-o", "-MF", "-MT", "-MQ", "-L", "-A" -> {
                // Values that name no file read here.
            }
            case "-Xpreprocessor" -> {
                // "-Xpreprocessor -isystem -Xpreprocessor dir" passes one option in two: take the run together.
                List<String> passed = new ArrayList<>();
                int end = last;
                while (end < arguments.size() && arguments.get(end).equals("-Xpreprocessor")) {
                    passed.add(valueAfter(option, end));
                    end += 2;
                }
                preprocessorOptions(passed);
                return end - 1;
            }
            case "-Xclang" -> {
                return frontEndOption(last);
            }
            default -> {
                return flag(option, last);
            }
        }
        return last;
    }

    private int flag(String word, int at) throws Refusal {
        if (MODES.contains(word)) {
            mode = word;
            return at;
        }
        if (TOOLCHAIN_FLAGS.contains(word)) {
            toolchainFlags.add(word);
            return at;
        }
        if (SEPARATE_VALUE.contains(word)) {
            valueAfter(word, at);
            return at + 1;
        }
        if (word.equals("-target") || word.equals("-resource-dir")) {
            String value = valueAfter(word, at);
            toolchainFlags.add(word);
            toolchainFlags.add(word.equals("-resource-dir") ? directory.resolve(value).toString() : value);
            return at + 1;
        }
        if (word.startsWith("-Wp,")) {
            preprocessorOptions(List.of(word.substring(4).split(",", -1)));
            return at;
        }
        for (String prefixed : TOOLCHAIN_PREFIXES) {
            if (word.startsWith(prefixed)) {
                toolchainFlags.add(word);
                return at;
            }
        }
        for (String prefixed : TOOLCHAIN_PATH_PREFIXES) {
            if (word.startsWith(prefixed)) {
                toolchainFlags.add(prefixed + directory.resolve(word.substring(prefixed.length())));
                return at;
            }
        }
        for (String prefixed : INPUT_PREFIXES) {
            if (word.startsWith(prefixed)) {
                otherInputs.add(directory.resolve(word.substring(prefixed.length())));
                return at;
            }
        }
        // Any other option changes the code, the diagnostics or the link, not where headers are found.
        return at;
    }

    /** Why {@code word} cannot be followed, or null if it can. */
    private static String refusal(String word) {
        for (Map.Entry<String, String> refused : REFUSED.entrySet()) {
            String name = refused.getKey();
            boolean takesValue = name.endsWith("=") || REFUSED_WITH_VALUE.contains(name);
            if (takesValue ? word.startsWith(name) : word.equals(name)) {
                return refused.getValue();
            }
        }
        return null;
    }

    /** Options given to the preprocessor itself ({@code -Wp,...}, {@code -Xpreprocessor}): the lookup ones are read. */
    private void preprocessorOptions(List<String> options) throws Refusal {
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            // At the preprocessor's level -MD and -MMD take the depfile's name.
            if (option.equals("-MD") || option.equals("-MMD") || option.equals("-MF") || option.equals("-MT")
                    || option.equals("-MQ")) {
                i++;
                continue;
            }
            boolean known = false;
            for (String name : List.of("-I", "-iquote", "-isystem", "-idirafter", "-include", "-imacros", "-D", "-U")) {
                if (option.startsWith(name)) {
                    String value = option.length() > name.length() ? option.substring(name.length()) : null;
                    if (value == null) {
                        if (i + 1 >= options.size()) {
                            throw new Refusal("passes '" + option + "' to the preprocessor without its value");
                        }
                        value = options.get(++i);
                    }
                    given(name, value, 0);
                    known = true;
                    break;
                }
            }
            if (!known && (option.startsWith("-i") || option.equals("-nostdinc") || option.startsWith("-I"))) {
                throw new Refusal("passes '" + option + "' to the preprocessor, which is not read here");
            }
        }
    }

    private int frontEndOption(int at) throws Refusal {
        String passed = valueAfter("-Xclang", at);
        if (passed.equals("-include-pch")) {
            if (at + 3 >= arguments.size() || !arguments.get(at + 2).equals("-Xclang")) {
                throw new Refusal("passes '-Xclang -include-pch' without its file");
            }
            otherInputs.add(directory.resolve(arguments.get(at + 3)));
            return at + 3;
        }
        if (passed.startsWith("-I") || passed.startsWith("-i") || passed.startsWith("-internal-")
                || passed.equals("-nostdsysteminc") || passed.equals("-nobuiltininc") || passed.startsWith("-fmodule")) {
            throw new Refusal("passes '" + passed + "' to clang's front end with -Xclang, which is not read here");
        }
        return at + 1;
    }

    private void define(String definition) {
        int equals = definition.indexOf('=');
        String name = equals < 0 ? definition : definition.substring(0, equals);
        String body = equals < 0 ? "1" : definition.substring(equals + 1);
        int parenthesis = name.indexOf('(');
        // A function-like macro is kept as a body no header name starts with, so it reads as "not simple".
        defines.computeIfAbsent(parenthesis < 0 ? name : name.substring(0, parenthesis), key -> new ArrayList<>())
                .add(parenthesis < 0 ? body : "(" + body);
    }

    private void language(String name) throws Refusal {
        languageOverride = null;
        notPreprocessedOverride = null;
        if (name.equals("none")) {
            return;
        }
        Optional<Language> language = Language.named(name);
        if (language.isPresent()) {
            languageOverride = language.get();
        } else if (name.equals("cpp-output") || name.equals("c++-cpp-output") || name.equals("objective-c-cpp-output")
                || name.equals("objective-c++-cpp-output")) {
            notPreprocessedOverride = name;
        } else if (name.equals("assembler")) {
            throw new Refusal("compiles assembler without the preprocessor (-x assembler): .include is not scanned");
        } else {
            throw new Refusal("compiles the language '" + name + "' (-x " + name + "), which is not C, C++ or Objective-C");
        }
    }

    private void input(String name) throws Refusal {
        if (languageOverride != null) {
            sources.add(new SourceFile(directory.resolve(name), languageOverride));
            return;
        }
        if (notPreprocessedOverride != null) {
            notPreprocessedInputs++;
            return;
        }
        switch (Language.byExtension(name)) {
            case Language.FileKind.Source source -> sources.add(new SourceFile(directory.resolve(name), source.language()));
            case Language.FileKind.NotPreprocessed notPreprocessed -> notPreprocessedInputs++;
            case Language.FileKind.LinkerInput linkerInput -> {
                // Read by the linker only; a compile with -c leaves it alone.
            }
            case Language.FileKind.Unsupported unsupported -> throw new Refusal("reads " + name + ": " + unsupported.why());
        }
    }

    /** An include directory as given, with gcc's {@code =} and {@code $SYSROOT} prefixes replaced, made absolute. */
    private Path includeDirectory(String value) {
        String root = headerSysroot != null ? headerSysroot : sysroot != null ? sysroot : "";
        String resolved = value;
        if (value.startsWith("=")) {
            resolved = root + value.substring(1);
        } else if (value.startsWith("$SYSROOT")) {
            resolved = root + value.substring("$SYSROOT".length());
        }
        return directory.resolve(resolved.isEmpty() ? "." : resolved);
    }

    private String prefixed(String value) throws Refusal {
        if (prefix == null) {
            throw new Refusal("uses -iwithprefix without -iprefix: the prefix would be gcc's own installation"
                    + " directory, which is not asked for here");
        }
        return prefix + value;
    }
}
