package io.ferstream.inference.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a descriptor, validates it and verifies the SHA-256 of the ONNX file(s) it names. A model
 * whose bytes differ from what its descriptor promises is refused: a silently swapped or
 * half-copied model would give wrong expressions with no error anywhere.
 */
public final class ModelLoader {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(ModelLoader.class);

    // absent numbers read as 0 and absent booleans as false; validate() then names what is missing
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ModelLoader() {}

    /** Parses and validates a descriptor without touching the ONNX file. */
    public static ModelDescriptor readDescriptor(Path descriptorFile) {
        try (InputStream in = Files.newInputStream(descriptorFile)) {
            return MAPPER.readValue(in, ModelDescriptor.class).validate();
        } catch (ModelDescriptorException e) {
            throw new ModelDescriptorException(e.getMessage() + " (in " + descriptorFile + ")", e);
        } catch (IOException e) {
            throw new ModelDescriptorException(
                    "Cannot read model descriptor " + descriptorFile + ": " + e.getMessage(), e);
        }
    }

    /** Parses, validates and verifies a descriptor and its ONNX file(s). */
    public static LoadedModel load(Path descriptorFile) {
        ModelDescriptor descriptor = readDescriptor(descriptorFile);
        Path dir = descriptorFile.toAbsolutePath().getParent();
        Path model = verified(descriptor, dir, descriptor.file(), descriptor.sha256());
        Path fp16 =
                descriptor.fp16() == null
                        ? null
                        : verified(
                                descriptor,
                                dir,
                                descriptor.fp16().file(),
                                descriptor.fp16().sha256());
        if (Boolean.FALSE.equals(descriptor.recognisesExpressions())) {
            // A model that loads and runs but is not fit for its task (e.g. LNLJ before training on
            // a
            // benchmark) must never pass silently as a working expression recogniser.
            LOG.warn(
                    "Model '{}' {} says it does not recognise expressions reliably: {}",
                    descriptor.name(),
                    descriptor.version(),
                    descriptor.warning() == null ? "see its model card" : descriptor.warning());
        }
        return new LoadedModel(descriptor, descriptorFile.toAbsolutePath(), model, fp16);
    }

    private static Path verified(
            ModelDescriptor descriptor, Path dir, String file, String expectedSha) {
        Path path = dir.resolve(file).normalize();
        if (!path.startsWith(dir)) {
            throw new ModelDescriptorException(
                    "Model '"
                            + descriptor.name()
                            + "': file '"
                            + file
                            + "' must lie beside its descriptor in "
                            + dir);
        }
        if (!Files.isRegularFile(path)) {
            throw new ModelDescriptorException(
                    "Model '"
                            + descriptor.name()
                            + "': ONNX file "
                            + path
                            + " named by its descriptor does not exist");
        }
        String actual = sha256(path);
        if (!actual.equalsIgnoreCase(expectedSha)) {
            throw new ModelDescriptorException(
                    "Model '"
                            + descriptor.name()
                            + "': SHA-256 of "
                            + path
                            + " is "
                            + actual
                            + " but its descriptor says "
                            + expectedSha.toLowerCase()
                            + "; the file was changed or only partly copied (re-run the converter"
                            + " or restore the file)");
        }
        return path;
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelDescriptorException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
