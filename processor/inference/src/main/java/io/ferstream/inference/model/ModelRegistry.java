package io.ferstream.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The models found under a models directory: every {@code <dir>/<model>.json} whose root object has a
 * {@code "task"} field is a descriptor (other JSON files, such as a converter's package.json, are
 * skipped). Lookup is by the descriptor's {@code name}; models load (and verify) lazily on first use.
 */
public final class ModelRegistry {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DEPTH = 2;

    private final Path root;
    private final Map<String, Path> descriptorsByName;
    private final Map<String, LoadedModel> loaded = new LinkedHashMap<>();

    private ModelRegistry(Path root, Map<String, Path> descriptorsByName) {
        this.root = root;
        this.descriptorsByName = descriptorsByName;
    }

    /** Finds every descriptor at most two folders below {@code modelsDir}. */
    public static ModelRegistry scan(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            throw new ModelDescriptorException("Models directory " + modelsDir + " does not exist (set -D"
                    + ModelsDirectory.PROPERTY + " or " + ModelsDirectory.ENV + ")");
        }
        Map<String, Path> byName = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(modelsDir, MAX_DEPTH)) {
            List<Path> candidates = files
                    .filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .filter(p -> !p.toString().contains("node_modules"))
                    .sorted(Comparator.naturalOrder())
                    .toList();
            for (Path candidate : candidates) {
                if (isDescriptor(candidate)) {
                    String name = ModelLoader.readDescriptor(candidate).name();
                    Path previous = byName.putIfAbsent(name, candidate);
                    if (previous != null) {
                        throw new ModelDescriptorException("Two descriptors name the model '" + name + "': "
                                + previous + " and " + candidate + "; model names must be unique");
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelDescriptorException("Cannot list models in " + modelsDir + ": " + e.getMessage(), e);
        }
        return new ModelRegistry(modelsDir, byName);
    }

    private static boolean isDescriptor(Path json) {
        try {
            JsonNode node = MAPPER.readTree(json.toFile());
            return node != null && node.isObject() && node.has("task") && node.has("file");
        } catch (IOException e) {
            return false; // not JSON we understand: not a descriptor
        }
    }

    /** Loads (once) and returns the model with that descriptor name. */
    public synchronized LoadedModel get(String name) {
        LoadedModel model = loaded.get(name);
        if (model == null) {
            Path descriptor = descriptorsByName.get(name);
            if (descriptor == null) {
                throw new ModelDescriptorException("No model named '" + name + "' under " + root
                        + "; known models: " + descriptorsByName.keySet());
            }
            model = ModelLoader.load(descriptor);
            loaded.put(name, model);
        }
        return model;
    }

    /** The names of the models of one task, in file order. */
    public List<String> names(ModelDescriptor.ModelTask task) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Path> e : descriptorsByName.entrySet()) {
            if (ModelLoader.readDescriptor(e.getValue()).task() == task) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    public List<String> names() {
        return List.copyOf(descriptorsByName.keySet());
    }

    public Path root() {
        return root;
    }
}
