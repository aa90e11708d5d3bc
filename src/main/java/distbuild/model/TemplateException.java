package distbuild.model;

/** A command template that cannot be parsed or rendered; the message names the template. */
public final class TemplateException extends InvalidInputException {
    public TemplateException(String message) {
        super(message);
    }
}
