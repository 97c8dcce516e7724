package io.ferstream.config.cli;

import picocli.CommandLine.Option;

/**
 * How a command line reaches the schema registry, declared once for every command ({@code @Mixin}).
 */
public final class RegistryOptions {

    @Option(
            names = "--registry-url",
            paramLabel = "URL[,URL...]",
            description = "Schema registry URL(s), comma separated, tried in order (required).")
    String url;

    /** The URL(s), or null when not given. */
    public String url() {
        return url == null || url.isBlank() ? null : url.trim();
    }
}
