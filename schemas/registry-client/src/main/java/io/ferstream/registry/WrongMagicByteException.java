package io.ferstream.registry;

/**
 * The record does not start with the Confluent wire format's magic byte 0: it was not written by a
 * schema-registry serializer.
 */
public class WrongMagicByteException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public WrongMagicByteException(String message) {
        super(message);
    }

    public WrongMagicByteException(String message, Throwable cause) {
        super(message, cause);
    }
}
