package io.ferstream.scenes;

import io.ferstream.inference.image.RgbImage;
import java.util.List;

/**
 * One test frame and the faces it holds.
 *
 * @param name what it is and how it was made (kind, face size, seed), for reports
 * @param facePx the face width it was built for, its size bin; 0 for a photo as it is
 * @param image the pixels
 * @param faces the true face boxes in frame pixels: face-api's reference boxes, scaled and moved
 *     with the face
 */
public record Scene(String name, int facePx, RgbImage image, List<FaceBox> faces) {

    public Scene {
        faces = List.copyOf(faces);
    }

    /**
     * The same scene after a camera's JPEG encoding at {@code quality} (0..1) and decoding, as a
     * pipeline sees it; the boxes stay.
     */
    public Scene throughJpeg(float quality) {
        return new Scene(name, facePx, Jpeg.decode(jpeg(quality)), faces);
    }

    /** The frame as JPEG bytes at {@code quality} (0..1), as a camera would send it. */
    public byte[] jpeg(float quality) {
        return Jpeg.encode(image, quality);
    }

    // never the pixels
    @Override
    public String toString() {
        return "Scene[" + name + ", " + image + ", " + faces.size() + " face(s)]";
    }
}
