package io.ferstream.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the repository's {@code models/} folder: the system property {@value #PROPERTY}, else the
 * environment variable {@value #ENV}, else the nearest folder above the working directory that
 * holds {@code models/DESCRIPTOR.md} (so tests run from a module folder find {@code ../models}).
 */
public final class ModelsDirectory {

    public static final String PROPERTY = "ferstream.models.dir";
    public static final String ENV = "FERSTREAM_MODELS_DIR";
    private static final String MARKER = "DESCRIPTOR.md";

    private ModelsDirectory() {}

    public static Path locate() {
        return find().orElseThrow(
                        () ->
                                new ModelDescriptorException(
                                        "Cannot find the models directory: set -D"
                                                + PROPERTY
                                                + "=<path to models/> or "
                                                + ENV
                                                + ", or run from inside the repository"));
    }

    public static Optional<Path> find() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new ModelDescriptorException(
                        "Models directory "
                                + dir
                                + " (from "
                                + PROPERTY
                                + "/"
                                + ENV
                                + ") does not exist");
            }
            return Optional.of(dir);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path models = dir.resolve("models");
            if (Files.isRegularFile(models.resolve(MARKER))) {
                return Optional.of(models);
            }
        }
        return Optional.empty();
    }
}
