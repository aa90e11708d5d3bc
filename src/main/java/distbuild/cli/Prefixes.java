package distbuild.cli;

/** Path prefixes as users type them ("coordinator", "/coordinator/", "") made uniform ("/coordinator", ""). */
final class Prefixes {
    private Prefixes() {}

    static String normalize(String prefix) {
        String trimmed = prefix.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return "";
        }
        return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }
}
