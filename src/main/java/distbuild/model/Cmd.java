package distbuild.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One command of a job. On the wire it is a single struct whose set fields tell its kind; here
 * the two kinds are separate types so that code handling a command cannot mix them up.
 */
public sealed interface Cmd {

    /**
     * Runs {@code argv} ({@code argv[0]} found on the worker's PATH). An empty {@code environ}
     * inherits the worker's environment, a non-empty one is the whole environment. An empty
     * {@code workingDirectory} means the job's source directory.
     */
    record Exec(List<String> argv, List<String> environ, String workingDirectory) implements Cmd {
        public Exec {
            argv = List.copyOf(argv);
            environ = List.copyOf(environ);
            workingDirectory = Objects.requireNonNullElse(workingDirectory, "");
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("an exec command needs at least the program to run");
            }
        }

        public Exec(List<String> argv) {
            this(argv, List.of(), "");
        }
    }

    /** Writes the text {@code template} into the file {@code output}. */
    record Cat(String template, String output) implements Cmd {
        public Cat {
            Objects.requireNonNull(template, "template");
            if (output == null || output.isEmpty()) {
                throw new IllegalArgumentException("a cat command needs the file to write");
            }
        }
    }

    /** Every string of this command that may hold template actions, in a stable order. */
    default List<String> templateStrings() {
        return switch (this) {
            case Exec exec -> {
                List<String> all = new ArrayList<>(exec.argv());
                all.addAll(exec.environ());
                all.add(exec.workingDirectory());
                yield all;
            }
            case Cat cat -> List.of(cat.template(), cat.output());
        };
    }

    /** This command with every template rendered in {@code context}. */
    default Cmd render(TemplateContext context) {
        return switch (this) {
            case Exec exec -> new Exec(
                    renderAll(exec.argv(), context),
                    renderAll(exec.environ(), context),
                    Template.render(exec.workingDirectory(), context));
            case Cat cat -> new Cat(Template.render(cat.template(), context), Template.render(cat.output(), context));
        };
    }

    private static List<String> renderAll(List<String> templates, TemplateContext context) {
        List<String> rendered = new ArrayList<>(templates.size());
        for (String template : templates) {
            rendered.add(Template.render(template, context));
        }
        return rendered;
    }
}
