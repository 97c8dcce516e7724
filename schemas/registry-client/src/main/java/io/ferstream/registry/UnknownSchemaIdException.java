package io.ferstream.registry;

/** The registry does not know the schema id a record names (Confluent error 40403). */
public class UnknownSchemaIdException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public UnknownSchemaIdException(String message) {
        super(message);
    }

    public UnknownSchemaIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
