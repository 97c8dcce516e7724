package io.ferstream.ingest.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the user asked to read, resolved to a kind. {@link #displayName()} never shows credentials
 * embedded in a URL ({@code rtsp://user:pass@host} shows as {@code rtsp://host}).
 */
public record SourceSpec(SourceKind kind, String location) {

    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

    public SourceSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
    }

    /**
     * Resolves a source argument: rtsp(s)://, http(s)://, /dev/videoN or v4l2:/dev/videoN, a folder
     * or glob of images (quote the glob for the shell), an image file, or a video file.
     */
    public static SourceSpec parse(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(
                    "the source is empty: give a video file, an image folder or glob, rtsp://,"
                            + " http:// or /dev/videoN");
        }
        String s = source.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
            return new SourceSpec(SourceKind.RTSP, s);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new SourceSpec(SourceKind.HTTP, s);
        }
        if (lower.startsWith("v4l2:")) {
            return new SourceSpec(SourceKind.V4L2, s.substring("v4l2:".length()));
        }
        if (s.startsWith("/dev/video")) {
            return new SourceSpec(SourceKind.V4L2, s);
        }
        if (s.contains("*") || s.contains("?") || s.contains("[")) {
            return new SourceSpec(SourceKind.IMAGES, s);
        }
        Path path = Path.of(s);
        if (Files.isDirectory(path)) {
            return new SourceSpec(SourceKind.IMAGES, s);
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(
                    "source '"
                            + s
                            + "' is not a readable file, folder, glob, stream URL or /dev/videoN"
                            + " device");
        }
        return new SourceSpec(isImageFile(path) ? SourceKind.IMAGES : SourceKind.VIDEO_FILE, s);
    }

    static boolean isImageFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    public boolean live() {
        return kind.live();
    }

    /** The location without user info, for logs and the frames' source metadata. */
    public String displayName() {
        if (kind != SourceKind.RTSP && kind != SourceKind.HTTP) {
            return location;
        }
        try {
            URI uri = new URI(location);
            if (uri.getUserInfo() == null) {
                return location;
            }
            return new URI(
                            uri.getScheme(),
                            null,
                            uri.getHost(),
                            uri.getPort(),
                            uri.getPath(),
                            null,
                            null)
                    .toString();
        } catch (URISyntaxException e) {
            return kind.name().toLowerCase(Locale.ROOT) + "://[unparseable url hidden]";
        }
    }

    @Override
    public String toString() {
        return kind + " " + displayName();
    }
}
