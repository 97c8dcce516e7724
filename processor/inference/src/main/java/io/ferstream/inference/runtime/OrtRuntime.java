package io.ferstream.inference.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The one {@link OrtEnvironment} of this JVM. ONNX Runtime allows a single environment per process;
 * every session in FerStream is created from this one, so its logging level is set in one place.
 */
public final class OrtRuntime {

    private static volatile OrtEnvironment environment;

    private OrtRuntime() {}

    public static OrtEnvironment environment() {
        OrtEnvironment env = environment;
        if (env == null) {
            synchronized (OrtRuntime.class) {
                env = environment;
                if (env == null) {
                    // WARNING level: ORT's INFO logging prints per-session graph details to stderr
                    env =
                            OrtEnvironment.getEnvironment(
                                    OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "ferstream");
                    environment = env;
                }
            }
        }
        return env;
    }
}
