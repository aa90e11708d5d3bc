package distbuild.http;

/**
 * One HTTP endpoint. It runs on its own virtual thread and may block; it is interrupted when
 * the server learns that the client went away. Throwing {@link RequestException} or
 * {@link distbuild.model.InvalidInputException} answers 4xx with the message as plain text;
 * anything else answers 500.
 */
@FunctionalInterface
public interface Endpoint {
    void handle(Exchange exchange) throws Exception;
}
