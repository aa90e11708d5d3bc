package distbuild.protocol;

import distbuild.model.Id;
import java.util.List;
import java.util.Objects;

/** The first message of a build's stream: its ID and the source files the coordinator lacks. */
public record BuildStarted(Id id, List<Id> missingFiles) {
    public BuildStarted {
        Objects.requireNonNull(id, "id");
        missingFiles = List.copyOf(missingFiles);
    }
}
