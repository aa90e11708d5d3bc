import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes benchmark graphs in the wire format, using only the JDK (run with `java bench/MakeGraph.java`).
 *
 *   independent N FILE   N jobs with no deps, each running `true <i>`
 *   chain N FILE         N jobs, each depending on the one before, each running `true <i>`
 *   sleeps N MS FILE     N independent jobs, each sleeping MS milliseconds
 */
public class MakeGraph {
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        StringBuilder jobs = new StringBuilder();
        String previous = null;
        for (int i = 0; i < n; i++) {
            String[] argv = switch (kind) {
                case "independent", "chain" -> new String[] {"true", kind + "-" + i};
                case "sleeps" -> new String[] {"sleep", String.format("%.3f", Integer.parseInt(args[2]) / 1000.0), "#" + i};
                default -> throw new IllegalArgumentException("unknown graph kind " + kind);
            };
            if (kind.equals("sleeps")) {
                argv = new String[] {"sh", "-c", "sleep " + argv[1] + " # " + i};
            }
            String id = sha1(kind + "/" + String.join(" ", argv) + "/" + previous);
            if (jobs.length() > 0) {
                jobs.append(",\n");
            }
            String deps = kind.equals("chain") && previous != null ? "[\"" + previous + "\"]" : "null";
            jobs.append("{\"ID\":\"").append(id).append("\",\"Name\":\"").append(kind).append('-').append(i)
                    .append("\",\"Inputs\":null,\"Deps\":").append(deps).append(",\"Cmds\":[{\"Exec\":[");
            for (int a = 0; a < argv.length; a++) {
                jobs.append(a == 0 ? "" : ",").append('"').append(argv[a]).append('"');
            }
            jobs.append("],\"Environ\":null,\"WorkingDirectory\":\"\",\"CatTemplate\":\"\",\"CatOutput\":\"\"}]}");
            previous = id;
        }
        Path file = Path.of(args[args.length - 1]);
        Files.writeString(file, "{\"SourceFiles\":{},\"Jobs\":[\n" + jobs + "\n]}\n");
    }

    private static String sha1(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
