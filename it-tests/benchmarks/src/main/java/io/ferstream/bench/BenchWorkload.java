package io.ferstream.bench;

import io.ferstream.image.ImageHeader;
import io.ferstream.image.ImageRejectedException;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.schema.CameraFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's frames: the face-api demo photos and Grace Hopper, looped. Each camera shows one
 * photo for {@code segment} consecutive frames before moving to the next, so the tracker confirms
 * tracks (as with a real camera, where a face stays in view) instead of seeing a new scene every
 * frame.
 */
final class BenchWorkload implements LiveFrames {

    /** One fixture photo: its JPEG bytes and declared size. */
    record Photo(String name, byte[] jpeg, int width, int height) {}

    static final List<String> PHOTOS =
            List.of(
                    "sample1.jpg",
                    "sample2.jpg",
                    "sample3.jpg",
                    "sample4.jpg",
                    "sample5.jpg",
                    "sample6.jpg",
                    "grace_hopper_512x512.jpg");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Photo> photos;
    private final int cameras;
    private final int segment;

    private BenchWorkload(List<Photo> photos, int cameras, int segment) {
        this.photos = photos;
        this.cameras = cameras;
        this.segment = segment;
    }

    static BenchWorkload load(Path fixtures, int cameras, int segment)
            throws IOException, ImageRejectedException {
        List<Photo> photos = new ArrayList<>();
        for (String name : PHOTOS) {
            byte[] jpeg = Files.readAllBytes(fixtures.resolve(name));
            ImageHeader header = ImageHeader.read(jpeg);
            photos.add(new Photo(name, jpeg, header.width(), header.height()));
        }
        return new BenchWorkload(List.copyOf(photos), cameras, segment);
    }

    /** The repository's models/fixtures. */
    static Path locateFixtures() {
        return ModelsDirectory.locate().resolve("fixtures");
    }

    static String cameraId(int camera) {
        return "bench-cam-" + camera;
    }

    /** The same photos with another segment length. */
    BenchWorkload withSegment(int frames) {
        return new BenchWorkload(photos, cameras, frames);
    }

    int cameras() {
        return cameras;
    }

    /** The photo camera {@code camera} shows at its frame {@code sequence}. */
    Photo photo(int camera, long sequence) {
        return photos.get((int) ((sequence / segment + camera) % photos.size()));
    }

    /**
     * Frame {@code k} of the replay workload: cameras interleaved, capture times 100 ms apart per
     * camera (10 fps).
     */
    CameraFrame replayFrame(int k) {
        int camera = k % cameras;
        long sequence = k / cameras;
        return frame(camera, sequence, T0.plusMillis(sequence * 100));
    }

    @Override
    public CameraFrame frame(int camera, long sequence, Instant captureTime) {
        Photo p = photo(camera, sequence);
        return LiveFrames.jpeg(camera, sequence, captureTime, p.jpeg(), p.width(), p.height());
    }

    /** The photo of replay frame {@code k} (what the raw loop decodes). */
    Photo replayPhoto(int k) {
        return photo(k % cameras, k / cameras);
    }
}
