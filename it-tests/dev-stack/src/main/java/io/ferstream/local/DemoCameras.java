package io.ferstream.local;

import io.ferstream.ingest.camera.CameraProducerConfig;
import io.ferstream.ingest.camera.SourceOptions;
import io.ferstream.ingest.camera.SourceSpec;
import io.ferstream.registry.RegistryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo cameras of the local run, made from the bundled photos. A photo is a still scene, so the
 * "lobby" camera shows a slideshow: each photo held for a few seconds, so its faces make tracks
 * that start, hold their expression and end when the next photo comes.
 */
final class DemoCameras {

    private static final List<String> SLIDES =
            List.of("grace_hopper_512x512.jpg", "sample1.jpg", "sample2.jpg", "sample4.jpg");
    static final double FPS = 4;
    private static final int FRAMES_PER_SLIDE = 16; // 4 s at 4 fps

    private DemoCameras() {}

    /**
     * A folder of the slides, each repeated (as hard links, no copies) to last FRAMES_PER_SLIDE
     * frames.
     */
    static Path slideshow(Path fixtures, Path workDir) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("lobby"));
        int n = 0;
        for (String slide : SLIDES) {
            for (int i = 0; i < FRAMES_PER_SLIDE; i++) {
                Path link = dir.resolve(String.format("%04d-%s", n++, slide));
                if (!Files.exists(link)) {
                    try {
                        Files.createLink(link, fixtures.resolve(slide));
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(fixtures.resolve(slide), link);
                    }
                }
            }
        }
        return dir;
    }

    static CameraProducerConfig camera(
            String id, Path images, String bootstrap, String topic, RegistryConfig registry) {
        SourceOptions options =
                SourceOptions.defaults()
                        .withLoop(true)
                        .withImageInterval(Duration.ofMillis((long) (1000 / FPS)));
        return new CameraProducerConfig(
                id,
                SourceSpec.parse(images.toString()),
                options,
                0,
                0,
                85,
                true,
                bootstrap,
                topic,
                registry,
                Map.of(),
                0,
                0,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                "ferstream-local");
    }
}
