package io.ferstream.ingest.camera;

import picocli.CommandLine;

/**
 * The camera producer cannot start: broker, registry or source unusable. Carries the CLI exit code.
 */
public final class StartupException extends RuntimeException
        implements CommandLine.IExitCodeGenerator {
    private static final long serialVersionUID = 1L;

    /** Exit codes of ferstream-camera (picocli uses 2 for bad arguments). */
    public static final int BROKER_UNREACHABLE = 3;

    public static final int REGISTRY_UNREACHABLE = 4;
    public static final int SOURCE_UNREADABLE = 5;

    private final int exitCode;

    public StartupException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
