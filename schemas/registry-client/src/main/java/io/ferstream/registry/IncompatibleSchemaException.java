package io.ferstream.registry;

/**
 * A schema breaks the subject's compatibility level (HTTP 409), or a writer schema cannot be
 * resolved to the reader class.
 */
public class IncompatibleSchemaException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message) {
        super(message);
    }

    public IncompatibleSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
