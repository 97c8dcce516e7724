package io.ferstream.inference.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.ferstream.inference.model.LoadedModel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link OrtSession} per (model, device, provider settings), shared by every user in the JVM
 * and closed when the last user releases it. {@link #jvmWide()} is the instance the job uses so all
 * task slots of a TaskManager share a session; tests may create their own.
 */
public final class SharedSessions {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSessions.class);
    private static final SharedSessions JVM_WIDE = new SharedSessions();

    private final SharedRegistry<Key, ModelSession> registry = new SharedRegistry<>();

    private record Key(
            String model, String sha256, Path descriptor, ExecutionProviderConfig config) {}

    /** The JVM-wide instance. */
    public static SharedSessions jvmWide() {
        return JVM_WIDE;
    }

    /** A lease on the shared session of {@code model} under {@code config}; close it to release. */
    public SharedRegistry<?, ModelSession>.Lease acquire(
            LoadedModel model, ExecutionProviderConfig config) {
        Key key =
                new Key(model.name(), model.descriptor().sha256(), model.descriptorFile(), config);
        return registry.acquire(key, k -> open(model, config));
    }

    /** How many users share the session of {@code model} under {@code config}. */
    public int users(LoadedModel model, ExecutionProviderConfig config) {
        return registry.users(
                new Key(model.name(), model.descriptor().sha256(), model.descriptorFile(), config));
    }

    /** Opens a session, outside any sharing: the factory behind {@link #acquire}. */
    public static ModelSession open(LoadedModel model, ExecutionProviderConfig config) {
        OrtEnvironment env = OrtRuntime.environment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(config.intraOpThreads());
            // spinning threads burn the shared cores between calls; without it timings were
            // steadier here
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtCUDAProviderOptions cudaOptions = null;
            String why = "CPU requested";
            ExecutionProviderConfig.Provider provider = ExecutionProviderConfig.Provider.CPU;
            if (config.provider() == ExecutionProviderConfig.Provider.CUDA) {
                try {
                    cudaOptions = addCuda(options, config);
                    provider = ExecutionProviderConfig.Provider.CUDA;
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    if (!config.fallbackToCpu()) {
                        throw new IllegalStateException(
                                "CUDA was requested for model '"
                                        + model.name()
                                        + "' on device "
                                        + config.deviceId()
                                        + " but is unavailable ("
                                        + e.getMessage()
                                        + "); build with -Pgpu on a host with CUDA 12 + cuDNN 9, or"
                                        + " allow the CPU fallback",
                                e);
                    }
                    why = "CUDA requested but unavailable: " + firstLine(e.getMessage());
                }
            }
            Path file =
                    provider == ExecutionProviderConfig.Provider.CUDA
                                    && config.preferFp16()
                                    && model.fp16File() != null
                            ? model.fp16File()
                            : model.modelFile();
            OrtSession session;
            try {
                session = env.createSession(file.toString(), options);
            } catch (OrtException | RuntimeException e) {
                closeQuietly(cudaOptions);
                throw e;
            }
            String description =
                    provider == ExecutionProviderConfig.Provider.CUDA
                            ? String.format(
                                    "Model %s %s runs on CUDA device %d (gpu_mem_limit=%s, file"
                                            + " %s)",
                                    model.name(),
                                    model.version(),
                                    config.deviceId(),
                                    config.gpuMemLimitBytes() == 0
                                            ? "none"
                                            : config.gpuMemLimitBytes() + " bytes",
                                    file.getFileName())
                            : String.format(
                                    "Model %s %s runs on CPU with %d intra-op thread(s) (%s)",
                                    model.name(), model.version(), config.intraOpThreads(), why);
            LOG.info(description);
            return new ModelSession(
                    model, session, options, cudaOptions, provider, file, description);
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException(
                    "Cannot open an ONNX Runtime session for model '"
                            + model.name()
                            + "' from "
                            + model.modelFile()
                            + ": "
                            + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    // the provider options stay open as long as the session, like its SessionOptions
    private static OrtCUDAProviderOptions addCuda(
            OrtSession.SessionOptions options, ExecutionProviderConfig config) throws OrtException {
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(config.deviceId());
        try {
            if (config.gpuMemLimitBytes() > 0) {
                cuda.add("gpu_mem_limit", Long.toString(config.gpuMemLimitBytes()));
            }
            options.addCUDA(cuda);
            return cuda;
        } catch (OrtException | RuntimeException e) {
            cuda.close();
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // already failing: the original exception says why
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
