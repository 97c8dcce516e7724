package io.ferstream.registry;

/** The record is truncated, or its Avro body does not decode with its writer schema. */
public class CorruptPayloadException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public CorruptPayloadException(String message) {
        super(message);
    }

    public CorruptPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
