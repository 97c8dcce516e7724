package io.ferstream.processor.functions;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One counter per camera, for the first {@value #MAX_CAMERAS} cameras a subtask sees; the rest are
 * counted together under the camera {@value #OTHER}, which no valid camera id can be (ids start
 * with a letter or digit). Every camera's group stays in the metric registry for the life of the
 * job, so a flood of camera ids would otherwise grow it without bound. Used from the task thread
 * only.
 */
final class BoundedCameraCounters {

    static final int MAX_CAMERAS = 256;
    static final String OTHER = "_other";

    private final MetricGroup cameras;
    private final String name;
    private final Map<String, Counter> counters = new HashMap<>();
    private Counter other;

    /**
     * @param cameras the group the per-camera groups go under
     * @param name the counter's name in each camera's group
     */
    BoundedCameraCounters(MetricGroup cameras, String name) {
        this.cameras = cameras;
        this.name = name;
    }

    void inc(String camera) {
        Counter counter = counters.get(camera);
        if (counter == null) {
            if (counters.size() >= MAX_CAMERAS) {
                if (other == null) {
                    other = cameras.addGroup(OTHER).counter(name);
                }
                counter = other;
            } else {
                counter = cameras.addGroup(camera).counter(name);
                counters.put(camera, counter);
            }
        }
        counter.inc();
    }

    /** Cameras with a counter of their own. */
    int cameras() {
        return counters.size();
    }

    /** What was counted under {@value #OTHER}. */
    long other() {
        return other == null ? 0 : other.getCount();
    }
}
