package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferstream.ingest.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir Path dir;

    private ImageFolderSource source(String location, SourceOptions options) {
        return new ImageFolderSource(
                SourceSpec.parse(location), options.withCaptureStart(START), Clock.systemUTC());
    }

    @Test
    void shouldReadImagesInNameOrderSpacedByTheInterval() throws Exception {
        Files.write(dir.resolve("b.jpg"), TestImages.jpeg(40, 30));
        Files.write(dir.resolve("a.jpg"), TestImages.jpeg(20, 10));
        Files.writeString(dir.resolve("readme.txt"), "not an image");
        try (ImageFolderSource source =
                source(
                        dir.toString(),
                        SourceOptions.defaults().withImageInterval(Duration.ofMillis(500)))) {
            source.open();

            CapturedFrame first = source.next();
            assertEquals(20, first.image().cols());
            assertEquals(START, first.captureTime());
            CapturedFrame second = source.next();
            assertEquals(40, second.image().cols());
            assertEquals(START.plusMillis(500), second.captureTime());
            assertNull(source.next());
        }
    }

    @Test
    void shouldMatchAGlobAndLoop() throws Exception {
        Files.createDirectories(dir.resolve("shots"));
        Files.write(dir.resolve("shots/1.jpg"), TestImages.jpeg(16, 16));
        Files.write(
                dir.resolve("shots/2.png"),
                TestImages.jpeg(16, 16)); // wrong extension for the glob
        try (ImageFolderSource source =
                source(dir + "/shots/*.jpg", SourceOptions.defaults().withLoop(true))) {
            source.open();

            List<Long> timeline =
                    List.of(
                            source.next().timelineMicros(),
                            source.next().timelineMicros(),
                            source.next().timelineMicros());

            assertEquals(List.of(0L, 1_000_000L, 2_000_000L), timeline);
            assertEquals(
                    List.of(dir.resolve("shots/1.jpg")),
                    ImageFolderSource.listImages(dir + "/shots/*.jpg"));
        }
    }

    @Test
    void shouldSkipAnUnreadableImageAndFailWhenNoneIsReadable() throws Exception {
        Files.writeString(dir.resolve("broken.jpg"), "not a jpeg");
        try (ImageFolderSource source = source(dir.toString(), SourceOptions.defaults())) {
            source.open();

            SourceException e = assertThrows(SourceException.class, source::next);

            assertEquals(true, e.getMessage().contains("none of the 1 images"), e.getMessage());
        }
    }

    @Test
    void shouldFailToOpenAFolderWithoutImages() {
        ImageFolderSource source = source(dir.toString(), SourceOptions.defaults());

        assertThrows(SourceException.class, source::open);
    }
}
