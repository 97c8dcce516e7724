package io.ferstream.analyze;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.ConfigSpec;
import io.ferstream.inference.AnalysisSettings;
import io.ferstream.inference.detection.DetectionConfig;
import io.ferstream.processor.tracking.TrackingConfig;
import java.util.Map;

/**
 * The job's settings that decide what the analysis finds, read with the job's own declarations:
 * models and inference ({@link AnalysisSettings}: {@code models.*}, {@code inference.*}, {@code
 * image.*}), detection ({@link DetectionConfig}: {@code detection.*} and {@code
 * camera.<id>.detection.*}), tracking and face quality ({@link TrackingConfig}: {@code tracking.*},
 * {@code quality.*}). The job's Kafka, Flink and topic keys mean nothing offline and are refused
 * like any unknown key, naming the nearest valid one.
 *
 * @param analysis models, device, batching and image limits
 * @param detection how each camera's frames are searched
 * @param tracking the tracker's rules, with the face quality rule
 */
record JobSettings(AnalysisSettings analysis, DetectionConfig detection, TrackingConfig tracking) {

    /** Every key {@code analyze} understands, in the order its README lists them. */
    public static final ConfigSpec SPEC =
            ConfigSpec.of(AnalysisSettings.SETTINGS)
                    .and(DetectionConfig.SETTINGS)
                    .passThrough(DetectionConfig.CAMERA_PREFIX, DetectionConfig.CAMERA_OVERRIDES)
                    .and(TrackingConfig.SETTINGS);

    /**
     * Reads and validates {@code raw}; throws a {@link io.ferstream.config.ConfigException} listing
     * every problem, each naming its key.
     */
    public static JobSettings read(Map<String, String> raw) {
        ConfigReader reader = SPEC.read(raw);
        JobSettings settings =
                new JobSettings(
                        AnalysisSettings.read(reader),
                        DetectionConfig.read(reader),
                        TrackingConfig.read(reader));
        reader.throwIfProblems("settings");
        return settings;
    }
}
