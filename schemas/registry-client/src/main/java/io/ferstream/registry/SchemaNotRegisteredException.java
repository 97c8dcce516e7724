package io.ferstream.registry;

/** Auto-registration is off and the schema is not registered under the subject. */
public class SchemaNotRegisteredException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public SchemaNotRegisteredException(String message) {
        super(message);
    }

    public SchemaNotRegisteredException(String message, Throwable cause) {
        super(message, cause);
    }
}
