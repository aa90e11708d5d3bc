package distbuild.includes;

import java.util.List;

/**
 * What decides a compiler's own include directories: the compiler (an absolute path, or a bare
 * name looked up on {@code PATH}), the language and the options that change where it looks
 * ({@code -std}, {@code --sysroot}, {@code -nostdinc}, {@code -m32}, ...), with every path in them
 * absolute. Two compiles with equal toolchains share one query of the compiler.
 */
public record Toolchain(String compiler, Language language, List<String> flags) {
    public Toolchain {
        flags = List.copyOf(flags);
    }
}
