package io.ferstream.registry;

/** The registry could not be reached, or kept answering with server errors, after every retry. */
public class RegistryUnavailableException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message) {
        super(message);
    }

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
