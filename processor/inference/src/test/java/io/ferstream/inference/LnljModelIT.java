package io.ferstream.inference;

import static io.ferstream.inference.testing.Fixtures.f32gz;
import static io.ferstream.inference.testing.Fixtures.maxAbsDiff;
import static io.ferstream.inference.testing.Fixtures.models;
import static io.ferstream.inference.testing.Fixtures.png;
import static io.ferstream.inference.testing.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.batch.BatcherMetrics;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelDescriptor;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.runtime.ExecutionProviderConfig;
import io.ferstream.inference.runtime.OrtBatchRunner;
import io.ferstream.inference.runtime.SharedSessions;
import io.ferstream.inference.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LNLJ served like any expression classifier: from its descriptor, through the same runtime,
 * batcher and face analyzer as face-api's model.
 */
class LnljModelIT {

    private static final Path LNLJ = models().resolve("lnlj/lnlj.json");
    private static final Path PARITY = models().resolve("lnlj/export");

    @Test
    void shouldReproducePyTorchOutputsInOnnxRuntime() throws Exception {
        // configure: the input tensor and outputs PyTorch recorded at export (4 items: faces and
        // noise)
        LoadedModel lnlj = ModelLoader.load(LNLJ);
        float[] input = f32gz(PARITY.resolve("parity_input.f32.gz"));
        float[] probabilities = f32gz(PARITY.resolve("parity_probabilities.f32.gz"));
        float[] regionWeights = f32gz(PARITY.resolve("parity_region_weights.f32.gz"));
        int item = 3 * 112 * 112;
        List<float[]> batch = new ArrayList<>();
        for (int i = 0; i < input.length / item; i++) {
            batch.add(java.util.Arrays.copyOfRange(input, i * item, (i + 1) * item));
        }

        // act: one batched call, as the batcher makes it
        List<float[][]> outputs;
        try (var lease = SharedSessions.jvmWide().acquire(lnlj, ExecutionProviderConfig.cpu(1))) {
            OrtBatchRunner runner =
                    new OrtBatchRunner(
                            lease.get(),
                            "input",
                            new long[] {3, 112, 112},
                            List.of("probabilities", "region_weights"));
            outputs = runner.run(batch);
        }

        // verify: within the export's stated tolerance (1e-4)
        int labels = 7;
        int regions = regionWeights.length / batch.size();
        for (int i = 0; i < batch.size(); i++) {
            float[] wantP =
                    java.util.Arrays.copyOfRange(probabilities, i * labels, (i + 1) * labels);
            float[] wantW =
                    java.util.Arrays.copyOfRange(regionWeights, i * regions, (i + 1) * regions);
            assertTrue(maxAbsDiff(wantP, outputs.get(i)[0]) <= 1e-4, "probabilities of item " + i);
            assertTrue(maxAbsDiff(wantW, outputs.get(i)[1]) <= 1e-4, "region weights of item " + i);
        }
    }

    @Test
    void shouldClassifyFixtureFacesWithRegionWeights() throws Exception {
        // configure: face-api's detector with LNLJ as the expression model, chosen by descriptor
        // only
        LoadedModel detector =
                ModelLoader.load(models().resolve("face-api/tiny_face_detector.json"));
        LoadedModel lnlj = ModelLoader.load(LNLJ);
        ModelDescriptor face =
                ModelLoader.readDescriptor(models().resolve("face-api/face_expression.json"));
        try (FaceAnalyzer analyzer =
                FaceAnalyzer.open(
                        detector,
                        lnlj,
                        FaceAnalyzerConfig.cpu(1),
                        BatcherMetrics.NOOP,
                        BatcherMetrics.NOOP)) {

            // act: the lossless pixels of Grace Hopper and of the group fixture
            List<Face> grace = analyzer.analyze(png(reference("grace_hopper_512x512.rgb.png")));
            List<Face> group = analyzer.analyze(png(Fixtures.fixture("group_416x303.png")));

            // verify: drop-in label order, a distribution per face, and inspectable region weights
            assertEquals(face.labels(), analyzer.labels(), "LNLJ keeps face-api's label order");
            assertEquals(1, grace.size());
            assertEquals(5, group.size());
            for (Face f : concat(grace, group)) {
                float[] p = f.probabilities();
                assertEquals(7, p.length);
                assertEquals(1.0, sum(p), 1e-4);
                float[] w = f.classification().regionWeights();
                assertNotNull(w, "LNLJ exposes its region weights");
                assertEquals(lnlj.descriptor().regions().size(), w.length);
                assertEquals(1.0, sum(w), 1e-4);
            }
        }
    }

    private static List<Face> concat(List<Face> a, List<Face> b) {
        List<Face> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
