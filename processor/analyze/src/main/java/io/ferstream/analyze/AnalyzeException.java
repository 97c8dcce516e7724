package io.ferstream.analyze;

import picocli.CommandLine;

/** A run that cannot start or cannot finish, with the command's exit code for it. */
final class AnalyzeException extends RuntimeException implements CommandLine.IExitCodeGenerator {
    private static final long serialVersionUID = 1L;

    /** Exit codes of ferstream-analyze (picocli's 2 is for bad arguments). */
    static final int FAILED = 1;

    static final int MODELS_UNUSABLE = 3;
    static final int SOURCE_UNREADABLE = 5;

    private final int exitCode;

    AnalyzeException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
