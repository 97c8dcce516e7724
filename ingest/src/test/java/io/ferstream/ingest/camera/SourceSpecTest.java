package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSpecTest {

    @TempDir Path dir;

    @Test
    void shouldRecogniseEachKindOfSource() throws Exception {
        Path video = Files.writeString(dir.resolve("clip.mp4"), "x");
        Path image = Files.writeString(dir.resolve("a.JPG"), "x");

        assertEquals(SourceKind.RTSP, SourceSpec.parse("rtsp://cam.local:554/stream").kind());
        assertEquals(SourceKind.HTTP, SourceSpec.parse("https://cam.local/mjpeg").kind());
        assertEquals(SourceKind.V4L2, SourceSpec.parse("/dev/video0").kind());
        assertEquals("/dev/video2", SourceSpec.parse("v4l2:/dev/video2").location());
        assertEquals(SourceKind.IMAGES, SourceSpec.parse(dir.toString()).kind());
        assertEquals(SourceKind.IMAGES, SourceSpec.parse(dir + "/*.jpg").kind());
        assertEquals(SourceKind.IMAGES, SourceSpec.parse(image.toString()).kind());
        assertEquals(SourceKind.VIDEO_FILE, SourceSpec.parse(video.toString()).kind());
    }

    @Test
    void shouldRefuseAMissingFileWithAClearMessage() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SourceSpec.parse(dir + "/missing.mp4"));

        assertEquals(true, e.getMessage().contains("missing.mp4"));
    }

    @Test
    void shouldHideCredentialsOfStreamUrls() {
        SourceSpec spec = SourceSpec.parse("rtsp://admin:s3cret@10.0.0.5:554/live");

        assertEquals("rtsp://10.0.0.5:554/live", spec.displayName());
        assertFalse(spec.toString().contains("s3cret"));
    }
}
