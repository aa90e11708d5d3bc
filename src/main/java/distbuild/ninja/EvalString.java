package distbuild.ninja;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A value as written in a ninja file, before its variables are looked up: literal text and
 * {@code $name} / {@code ${name}} references, escapes already resolved.
 */
record EvalString(List<Piece> pieces) {
    static final EvalString EMPTY = new EvalString(List.of());

    sealed interface Piece {}

    record Text(String text) implements Piece {}

    record Variable(String name) implements Piece {}

    static EvalString literal(String text) {
        return text.isEmpty() ? EMPTY : new EvalString(List.of(new Text(text)));
    }

    boolean isEmpty() {
        return pieces.isEmpty();
    }

    /** The value with every variable replaced by what {@code lookup} says (ninja: "" if unbound). */
    String evaluate(UnaryOperator<String> lookup) {
        if (pieces.size() == 1 && pieces.getFirst() instanceof Text text) {
            return text.text();
        }
        // Expanded first, then joined at their exact length: commands run to kilobytes.
        String[] parts = new String[pieces.size()];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = switch (pieces.get(i)) {
                case Text text -> text.text();
                case Variable variable -> lookup.apply(variable.name());
            };
            length += parts[i].length();
        }
        StringBuilder value = new StringBuilder(length);
        for (String part : parts) {
            value.append(part);
        }
        return value.toString();
    }

    /** The names this value refers to, in order. */
    List<String> variables() {
        List<String> names = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece instanceof Variable variable) {
                names.add(variable.name());
            }
        }
        return names;
    }

    /** Builds a value piece by piece, joining adjacent text; reusable after {@link #build}. */
    static final class Builder {
        private final List<Piece> pieces = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private String onlyText;

        void text(String more) {
            if (more.isEmpty()) {
                return;
            }
            if (onlyText == null && text.isEmpty()) {
                onlyText = more; // the common case, one run of text: no copying
                return;
            }
            if (onlyText != null) {
                text.append(onlyText);
                onlyText = null;
            }
            text.append(more);
        }

        void variable(String name) {
            flushText();
            pieces.add(new Variable(name));
        }

        EvalString build() {
            EvalString value;
            if (pieces.isEmpty() && text.isEmpty()) {
                value = onlyText == null ? EMPTY : literal(onlyText);
            } else {
                flushText();
                value = new EvalString(List.copyOf(pieces));
            }
            pieces.clear();
            text.setLength(0);
            onlyText = null;
            return value;
        }

        private void flushText() {
            if (onlyText != null) {
                pieces.add(new Text(onlyText));
                onlyText = null;
            } else if (!text.isEmpty()) {
                pieces.add(new Text(text.toString()));
                text.setLength(0);
            }
        }
    }
}
