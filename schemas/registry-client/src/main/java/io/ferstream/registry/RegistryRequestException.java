package io.ferstream.registry;

/** The registry rejected a request for another reason (authentication, invalid schema, ...). */
public class RegistryRequestException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    public RegistryRequestException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Confluent's {@code error_code} from the response body, or the HTTP status when it had none.
     */
    public int errorCode() {
        return errorCode;
    }
}
