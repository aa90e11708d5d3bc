package distbuild.ninja;

/**
 * {@code ninja_required_version}: a file asking for a newer ninja than the one whose semantics
 * are implemented here may use what is not, so it is refused rather than half understood.
 */
final class RequiredVersion {
    /** The ninja whose files are read here. */
    static final String SUPPORTED = "1.11";

    private RequiredVersion() {}

    static void check(String version, Position at) {
        int[] required = majorMinor(version);
        int[] supported = majorMinor(SUPPORTED);
        if (required[0] > supported[0] || required[0] == supported[0] && required[1] > supported[1]) {
            throw new Refusal(at, "ninja_required_version " + version + " is newer than ninja " + SUPPORTED
                    + ", whose files distbuild reads; generate the build files for ninja " + SUPPORTED);
        }
    }

    /** Major and minor as ninja reads them: the digits before the first dot and after it. */
    private static int[] majorMinor(String version) {
        String[] parts = version.split("\\.", 3);
        return new int[] {leadingNumber(parts[0]), parts.length > 1 ? leadingNumber(parts[1]) : 0};
    }

    private static int leadingNumber(String text) {
        int end = 0;
        while (end < text.length() && end < 9 && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(text.substring(0, end));
    }
}
