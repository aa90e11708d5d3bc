package distbuild.model;

import java.util.List;

/** A graph that cannot be built; carries every problem found, one sentence each. */
public final class InvalidGraphException extends InvalidInputException {
    private final List<String> problems;

    public InvalidGraphException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "invalid build graph: " + problems.getFirst();
        }
        StringBuilder message = new StringBuilder("invalid build graph, " + problems.size() + " problems:");
        problems.forEach(problem -> message.append("\n  - ").append(problem));
        return message.toString();
    }
}
