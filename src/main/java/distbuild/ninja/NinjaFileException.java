package distbuild.ninja;

import distbuild.model.InvalidInputException;
import java.util.List;

/** Ninja files that cannot be read into a graph; carries every problem found, in the order met. */
public final class NinjaFileException extends InvalidInputException {
    private static final int SHOWN = 20;
    private final List<NinjaProblem> problems;

    public NinjaFileException(List<NinjaProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<NinjaProblem> problems() {
        return problems;
    }

    private static String format(List<NinjaProblem> problems) {
        if (problems.size() == 1) {
            return problems.getFirst().toString();
        }
        StringBuilder message = new StringBuilder(problems.size() + " problems in the ninja files:");
        problems.stream().limit(SHOWN).forEach(problem -> message.append('\n').append(problem));
        if (problems.size() > SHOWN) {
            message.append("\n... and ").append(problems.size() - SHOWN).append(" more");
        }
        return message.toString();
    }
}
