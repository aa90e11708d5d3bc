/**
 * Ninja's files: {@code build.ninja} (and what it includes) read into an immutable
 * {@link distbuild.ninja.NinjaGraph}, and ninja's own {@code .ninja_log} and {@code .ninja_deps}
 * as codecs. {@link distbuild.ninja.NinjaGraph#load} is the way in.
 *
 * <p>Split as ninja's own sources are: the lexer ({@code NinjaLexer}, tokens with a position
 * each), the parser ({@code NinjaParser}, statements as records), the reader ({@code NinjaReader}:
 * scopes and evaluation in ninja's order) and the graph. Semantics follow ninja 1.11 exactly where
 * a generator could notice, and {@code ninja -t commands} on real CMake and Meson output is the
 * test of it. What is not supported (dyndep, newer {@code ninja_required_version}s) is refused by
 * name, never ignored; problems read {@code file:line:col: message} with the line and a caret.
 *
 * <p>{@link distbuild.ninja.NinjaLog} and {@link distbuild.ninja.NinjaDeps} know nothing of the
 * graph. Nothing here knows of HTTP, the cluster or distbuild's wire graph; the only outside
 * type used is {@link distbuild.model.InvalidInputException}, so that a bad file is the user's
 * input error like a bad {@code distbuild.yaml}.
 */
package distbuild.ninja;
