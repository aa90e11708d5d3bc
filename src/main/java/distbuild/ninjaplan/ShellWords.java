package distbuild.ninjaplan;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a command as {@code /bin/sh -c} would split them, enough to know which programs it
 * starts: quotes and backslashes are honoured, and {@code &&}, {@code ||}, {@code ;}, {@code |}
 * and {@code &} start a new simple command. Expansions are left as they are written.
 */
final class ShellWords {
    private ShellWords() {}

    static List<List<String>> simpleCommands(String command) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            switch (c) {
                case '\'' -> {
                    int end = command.indexOf('\'', i + 1);
                    end = end < 0 ? command.length() : end;
                    word.append(command, i + 1, end);
                    i = end;
                    inWord = true;
                }
                case '"' -> {
                    int j = i + 1;
                    for (; j < command.length() && command.charAt(j) != '"'; j++) {
                        if (command.charAt(j) == '\\' && j + 1 < command.length() && "\"\\$`".indexOf(command.charAt(j + 1)) >= 0) {
                            j++;
                        }
                        word.append(command.charAt(j));
                    }
                    i = j;
                    inWord = true;
                }
                case '\\' -> {
                    if (i + 1 < command.length()) {
                        word.append(command.charAt(++i));
                    }
                    inWord = true;
                }
                case ' ', '\t', '\n' -> {
                    if (inWord) {
                        current.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                }
                case ';', '&', '|', '(', ')' -> {
                    if (inWord) {
                        current.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                    if (!current.isEmpty()) {
                        commands.add(current);
                        current = new ArrayList<>();
                    }
                }
                default -> {
                    word.append(c);
                    inWord = true;
                }
            }
        }
        if (inWord) {
            current.add(word.toString());
        }
        if (!current.isEmpty()) {
            commands.add(current);
        }
        return commands;
    }
}
