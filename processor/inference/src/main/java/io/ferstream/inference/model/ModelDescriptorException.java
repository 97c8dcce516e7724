package io.ferstream.inference.model;

/** A model descriptor or its ONNX file is unusable; the message says what to fix. */
public class ModelDescriptorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelDescriptorException(String message) {
        super(message);
    }

    public ModelDescriptorException(String message, Throwable cause) {
        super(message, cause);
    }
}
