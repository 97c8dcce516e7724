package io.ferstream.inference.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated descriptor plus the verified paths of its ONNX files. Only {@link ModelLoader}
 * creates these, after checking the SHA-256 of every file it names.
 *
 * @param descriptor the validated descriptor
 * @param descriptorFile the JSON file it was read from
 * @param modelFile the FP32 ONNX file, its SHA-256 verified
 * @param fp16File the optional FP16 ONNX file, its SHA-256 verified, or null
 */
public record LoadedModel(
        ModelDescriptor descriptor, Path descriptorFile, Path modelFile, Path fp16File) {

    public LoadedModel {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(descriptorFile, "descriptorFile");
        Objects.requireNonNull(modelFile, "modelFile");
    }

    public String name() {
        return descriptor.name();
    }

    public String version() {
        return descriptor.version();
    }

    public Optional<Path> fp16() {
        return Optional.ofNullable(fp16File);
    }
}
