package distbuild.model;

/** A command template that cannot be parsed or rendered; the message names the template. */
public final class TemplateException extends IllegalArgumentException {
    public TemplateException(String message) {
        super(message);
    }
}
