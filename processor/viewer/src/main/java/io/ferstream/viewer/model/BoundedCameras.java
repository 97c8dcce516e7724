package io.ferstream.viewer.model;

import io.ferstream.camera.CameraIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Per-camera state for at most {@code maxCameras} cameras: the least recently touched camera goes
 * when a new one comes. Camera ids come from Kafka records anyone may write, so an id that is not a
 * valid camera id (see {@link CameraIds}) gets no entry at all, and a flood of new ids cannot grow
 * the map. Thread-safe.
 */
public final class BoundedCameras<V> {

    private final int maxCameras;
    private final LinkedHashMap<String, V> cameras;
    private long evicted;

    public BoundedCameras(int maxCameras) {
        if (maxCameras < 1) {
            throw new IllegalArgumentException("maxCameras must be >= 1, was " + maxCameras);
        }
        this.maxCameras = maxCameras;
        // Insertion order, renewed on each touch: the first entry is the least recently touched.
        this.cameras = new LinkedHashMap<>();
    }

    /**
     * The camera's entry, made with {@code create} when it has none; null for an invalid camera id.
     */
    public synchronized V touch(String cameraId, Function<String, V> create) {
        if (!CameraIds.isValid(cameraId)) {
            return null;
        }
        V value = cameras.remove(cameraId);
        if (value != null) {
            cameras.put(cameraId, value);
        } else {
            value = create.apply(cameraId);
            cameras.put(cameraId, value);
            while (cameras.size() > maxCameras) {
                String oldest = cameras.keySet().iterator().next();
                cameras.remove(oldest);
                evicted++;
            }
        }
        return value;
    }

    /** The camera's entry or null, without making one (nor counting as a touch). */
    public synchronized V peek(String cameraId) {
        return cameras.get(cameraId);
    }

    public synchronized void remove(String cameraId) {
        cameras.remove(cameraId);
    }

    /** The entries, least recently touched first. */
    public synchronized List<Map.Entry<String, V>> entries() {
        List<Map.Entry<String, V>> out = new ArrayList<>(cameras.size());
        cameras.forEach((k, v) -> out.add(Map.entry(k, v)));
        return out;
    }

    public synchronized int size() {
        return cameras.size();
    }

    /** Cameras dropped to stay within the bound. */
    public synchronized long evicted() {
        return evicted;
    }
}
