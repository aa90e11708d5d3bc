package distbuild.buildfile;

import distbuild.model.InvalidInputException;
import java.util.Comparator;
import java.util.List;

/** A build file that cannot be turned into a graph; carries every problem found, in file order. */
public final class BuildFileException extends InvalidInputException {
    private final List<Problem> problems;

    public BuildFileException(List<Problem> problems) {
        super(format(problems));
        this.problems = problems.stream().sorted(Comparator.comparingInt(Problem::line)).toList();
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        List<Problem> sorted = problems.stream().sorted(Comparator.comparingInt(Problem::line)).toList();
        if (sorted.size() == 1) {
            return sorted.getFirst().toString();
        }
        StringBuilder message = new StringBuilder(sorted.size() + " problems in the build file:");
        sorted.forEach(problem -> message.append('\n').append(problem));
        return message.toString();
    }
}
