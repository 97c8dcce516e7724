package io.ferstream.scenes;

import java.util.List;

/**
 * Consecutive frames of one static camera with faces moving across it, for detecting every N
 * frames.
 *
 * @param name kind, face size and seed
 * @param facePx the face width of every face, its size bin
 * @param frames in order; frame {@code i} is sequence number {@code i}
 */
public record SceneSequence(String name, int facePx, List<Scene> frames) {

    public SceneSequence {
        frames = List.copyOf(frames);
    }
}
