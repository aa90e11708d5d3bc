package distbuild.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}, from the jar's manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"distbuild " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version()};
    }
}
