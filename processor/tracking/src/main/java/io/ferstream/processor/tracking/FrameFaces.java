package io.ferstream.processor.tracking;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The faces found in one analysed frame: the input of the tracker, keyed by camera id. A Java
 * record with simple fields, so Flink serializes it with its POJO (record) serializer.
 *
 * @param cameraId camera that produced the frame (the key)
 * @param frameSequence the frame's sequence number from the camera
 * @param captureTimeMillis capture time, epoch millis: the event time
 * @param frameWidth frame width in pixels, &gt; 0
 * @param frameHeight frame height in pixels, &gt; 0
 * @param faces the faces detected in the frame, possibly none
 * @param modelName name of the expression model (from its descriptor)
 * @param modelVersion version of the expression model
 * @param labels the expression model's labels, in its output order
 */
public record FrameFaces(
        String cameraId,
        long frameSequence,
        long captureTimeMillis,
        int frameWidth,
        int frameHeight,
        List<FaceObservation> faces,
        String modelName,
        String modelVersion,
        String[] labels) {

    public FrameFaces {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (frameWidth <= 0 || frameHeight <= 0) {
            throw new IllegalArgumentException(
                    "Frame "
                            + frameSequence
                            + " of camera "
                            + cameraId
                            + " needs a positive size, was "
                            + frameWidth
                            + "x"
                            + frameHeight);
        }
        if (labels == null || labels.length == 0) {
            throw new IllegalArgumentException(
                    "Frame "
                            + frameSequence
                            + " of camera "
                            + cameraId
                            + " needs the expression model's labels");
        }
        faces = faces == null ? List.of() : List.copyOf(faces);
        for (FaceObservation face : faces) {
            if (face.probabilities().length != labels.length) {
                throw new IllegalArgumentException(
                        "Frame "
                                + frameSequence
                                + " of camera "
                                + cameraId
                                + " has a face with "
                                + face.probabilities().length
                                + " probabilities for "
                                + labels.length
                                + " labels");
            }
        }
    }

    // Records compare arrays by reference; compare them by content so equal inputs are equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof FrameFaces f
                && cameraId.equals(f.cameraId)
                && frameSequence == f.frameSequence
                && captureTimeMillis == f.captureTimeMillis
                && frameWidth == f.frameWidth
                && frameHeight == f.frameHeight
                && faces.equals(f.faces)
                && modelName.equals(f.modelName)
                && modelVersion.equals(f.modelVersion)
                && Arrays.equals(labels, f.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                cameraId,
                frameSequence,
                captureTimeMillis,
                frameWidth,
                frameHeight,
                faces,
                modelName,
                modelVersion,
                Arrays.hashCode(labels));
    }

    @Override
    public String toString() {
        return "FrameFaces[cameraId="
                + cameraId
                + ", frameSequence="
                + frameSequence
                + ", captureTimeMillis="
                + captureTimeMillis
                + ", frame="
                + frameWidth
                + "x"
                + frameHeight
                + ", faces="
                + faces
                + ", model="
                + modelName
                + ":"
                + modelVersion
                + ", labels="
                + Arrays.toString(labels)
                + "]";
    }
}
