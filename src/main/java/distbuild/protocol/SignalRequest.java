package distbuild.protocol;

/** {@code POST /signal?build_id=…}: a signal to a running build; today only "uploads are done". */
public record SignalRequest(boolean uploadDone) {
    public static final SignalRequest UPLOAD_DONE = new SignalRequest(true);
}
