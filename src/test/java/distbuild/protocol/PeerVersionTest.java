package distbuild.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerVersionTest {
    private static final PeerVersion NOW = new PeerVersion("0.2.0", 2, 1);

    @Test
    void aVersionReadsBackFromItsHeaderAndAnythingElseIsAPeerThatDoesNotSay() {
        assertThat(PeerVersion.parse(NOW.header())).contains(NOW);
        assertThat(PeerVersion.parse(" 0.2.0 ;protocol=2; oldest=1 ")).contains(NOW);
        assertThat(PeerVersion.parse(null)).isEmpty();
        assertThat(PeerVersion.parse("go-distbuild")).isEmpty();
        assertThat(PeerVersion.parse("0.2.0; protocol=99999999999; oldest=1")).isEmpty();
    }

    @Test
    void peersWorkTogetherWhenEachSpeaksALevelTheOtherStillTakesAndOtherwiseSayWhoToUpgrade() {
        assertThat(PeerVersion.refusal(NOW, "coordinator", new PeerVersion("0.1.0", 1, 0), "worker")).isEmpty();
        assertThat(PeerVersion.refusal(NOW, "coordinator", new PeerVersion("0.3.0", 3, 2), "worker")).isEmpty();
        assertThat(PeerVersion.refusal(NOW, "coordinator", new PeerVersion("0.0.9", 0, 0), "worker")).contains(
                "this coordinator (distbuild 0.2.0, protocol 2) no longer works with a worker of distbuild 0.0.9, protocol 0:"
                        + " upgrade the worker");
        assertThat(PeerVersion.refusal(NOW, "worker", new PeerVersion("0.5.0", 5, 3), "coordinator")).contains(
                "the coordinator (distbuild 0.5.0, protocol 5) no longer works with this worker of distbuild 0.2.0, protocol 2:"
                        + " upgrade the worker");
    }
}
