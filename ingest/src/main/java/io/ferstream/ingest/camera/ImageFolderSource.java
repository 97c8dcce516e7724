package io.ferstream.ingest.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder, glob (e.g. {@code 'photos/*.jpg'} or {@code 'shots/**.png'}) or single image, read in
 * name order with OpenCV. Images have no timestamps: image i sits at {@code i * imageInterval} on
 * the timeline. An unreadable image is skipped with a warning; a source with none readable fails.
 */
public final class ImageFolderSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderSource.class);

    private final SourceSpec spec;
    private final SourceOptions options;
    private final Clock clock;
    private List<Path> files = List.of();
    private Instant captureStart;
    private long index;
    private long readableInPass;
    private Mat current;

    public ImageFolderSource(SourceSpec spec, SourceOptions options, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open() throws SourceException {
        try {
            files = listImages(spec.location());
        } catch (IOException | UncheckedIOException e) {
            throw new SourceException(
                    "cannot list images in " + spec.location() + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new SourceException(
                    "no images (jpg, jpeg, png, bmp, webp, tif) match " + spec.location());
        }
        long intervalMicros = options.imageInterval().toNanos() / 1000;
        index = Math.max(0, options.startOffset().toNanos() / 1000 / intervalMicros);
        if (!options.loop() && index >= files.size()) {
            throw new SourceException(
                    "start offset "
                            + options.startOffset()
                            + " skips all "
                            + files.size()
                            + " images");
        }
        captureStart = options.captureStart() != null ? options.captureStart() : clock.instant();
        LOG.info("opened {} ({} images)", spec, files.size());
    }

    /**
     * The images of a folder, glob or single file, sorted by path: the order this source reads them
     * in, image i at {@code i * imageInterval} on the timeline (an unreadable one keeps its place).
     */
    public static List<Path> listImages(String location) throws IOException {
        if (!location.contains("*") && !location.contains("?") && !location.contains("[")) {
            Path path = Path.of(location);
            if (!Files.isDirectory(path)) {
                return Files.isReadable(path) ? List.of(path) : List.of();
            }
            try (Stream<Path> children = Files.list(path)) {
                return children.filter(Files::isRegularFile)
                        .filter(SourceSpec::isImageFile)
                        .sorted()
                        .toList();
            }
        }
        // Walk from the deepest folder without wildcards and match the whole glob against each
        // path.
        String fixedPrefix = location.substring(0, firstWildcard(location));
        int slash = fixedPrefix.lastIndexOf('/');
        Path base =
                slash < 0
                        ? Path.of(".")
                        : Path.of(slash == 0 ? "/" : fixedPrefix.substring(0, slash));
        if (slash < 0) {
            location = "./" + location; // Files.walk(".") yields ./name paths
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + location);
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .filter(matcher::matches)
                    .filter(SourceSpec::isImageFile)
                    .sorted()
                    .toList();
        }
    }

    private static int firstWildcard(String location) {
        int first = location.length();
        for (char c : new char[] {'*', '?', '['}) {
            int at = location.indexOf(c);
            if (at >= 0 && at < first) {
                first = at;
            }
        }
        return first;
    }

    @Override
    public CapturedFrame next() throws SourceException {
        release();
        long intervalMicros = options.imageInterval().toNanos() / 1000;
        while (true) {
            if (index >= files.size() && !options.loop()) {
                return null;
            }
            int position = (int) (index % files.size());
            if (position == 0 && index > 0) {
                if (readableInPass == 0) {
                    throw new SourceException(
                            "none of the "
                                    + files.size()
                                    + " images in "
                                    + spec.location()
                                    + " is readable");
                }
                readableInPass = 0;
            }
            Path file = files.get(position);
            long timeline = index * intervalMicros;
            index++;
            Mat image = imread(file.toString(), IMREAD_COLOR);
            if (image == null || image.empty()) {
                if (image != null) {
                    image.close();
                }
                LOG.warn("skipping unreadable image {}", file);
                if (!options.loop() && index >= files.size() && readableInPass == 0) {
                    throw new SourceException(
                            "none of the "
                                    + files.size()
                                    + " images in "
                                    + spec.location()
                                    + " is readable");
                }
                continue;
            }
            readableInPass++;
            current = image;
            return new CapturedFrame(timeline, captureStart.plusNanos(timeline * 1000), image);
        }
    }

    @Override
    public boolean live() {
        return false;
    }

    private void release() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
