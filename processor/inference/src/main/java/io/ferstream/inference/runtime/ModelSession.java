package io.ferstream.inference.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.ferstream.inference.model.LoadedModel;
import java.nio.file.Path;

/**
 * An open ONNX session of one model on one device, with the options it was built from (ONNX Runtime
 * requires {@link OrtSession.SessionOptions} to outlive the session) and the provider that actually
 * runs it, which may differ from the requested one after a CPU fallback. Thread-safe: ONNX Runtime
 * sessions accept concurrent {@code run} calls.
 */
public final class ModelSession implements AutoCloseable {

    private final LoadedModel model;
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final OrtCUDAProviderOptions cudaOptions; // null on CPU
    private final ExecutionProviderConfig.Provider provider;
    private final Path file;
    private final String description;

    ModelSession(
            LoadedModel model,
            OrtSession session,
            OrtSession.SessionOptions options,
            OrtCUDAProviderOptions cudaOptions,
            ExecutionProviderConfig.Provider provider,
            Path file,
            String description) {
        this.model = model;
        this.session = session;
        this.options = options;
        this.cudaOptions = cudaOptions;
        this.provider = provider;
        this.file = file;
        this.description = description;
    }

    public LoadedModel model() {
        return model;
    }

    public OrtSession session() {
        return session;
    }

    /** The provider that runs this session (CPU after a fallback). */
    public ExecutionProviderConfig.Provider provider() {
        return provider;
    }

    /** The ONNX file loaded (the FP16 variant when chosen). */
    public Path file() {
        return file;
    }

    /** One line for logs: model, provider, device and threads. */
    public String description() {
        return description;
    }

    @Override
    public void close() throws OrtException {
        try {
            session.close();
        } finally {
            options.close();
            if (cudaOptions != null) {
                cudaOptions.close();
            }
        }
    }
}
