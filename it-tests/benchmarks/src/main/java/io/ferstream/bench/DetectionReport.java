package io.ferstream.bench;

import io.ferstream.inference.Detection;
import io.ferstream.inference.detection.DetectionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The detection benchmark's tables, from the measured results of every configuration. */
final class DetectionReport {

    /** A way of searching frames for faces, as the tables name it. */
    record Config(String label, DetectionSettings settings) {

        /** {@code whole} (the whole frame, one look) or a smallest face in pixels. */
        static Config parse(String text) {
            String t = text.trim();
            if (t.equalsIgnoreCase("whole")) {
                return new Config("whole frame", DetectionSettings.WHOLE_FRAME);
            }
            try {
                int px = Integer.parseInt(t);
                return new Config(
                        "min-face " + px + " px", DetectionSettings.WHOLE_FRAME.withMinFacePx(px));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--configs: '" + t + "' is neither 'whole' nor a face width in pixels");
            }
        }
    }

    /**
     * One moving-sequence pass: detection every {@code interval} frames.
     *
     * @param labels how many per-frame labels of detect-every-1 this interval keeps; null for every
     *     frame, or when every frame was not measured
     * @param trackLabels the same for the labels of the faces' tracks
     */
    record MovingResult(
            int interval,
            DetectionScore score,
            SceneRunner.Pass pass,
            LabelAgreement labels,
            LabelAgreement trackLabels) {}

    /** Everything measured for one configuration. */
    record ConfigResult(
            Config config,
            int looksPerDetectedFrame,
            DetectionScore sizes,
            DetectionScore groups,
            Map<String, DetectionScore> fixturesByPhoto,
            DetectionScore fixtures,
            List<String> fixtureFalsePositives,
            List<String> sceneFalsePositives,
            List<MovingResult> moving) {}

    private DetectionReport() {}

    /** Recall per face width and false positives per frame, one row per configuration. */
    static String recallBySize(List<ConfigResult> results, boolean groups) {
        TreeSet<Integer> bins = new TreeSet<>();
        results.forEach(r -> bins.addAll(pick(r, groups).bins()));
        MarkdownTable table = new MarkdownTable(recallHeader("configuration", bins));
        for (ConfigResult r : results) {
            List<String> row = new ArrayList<>();
            row.add(r.config().label());
            row.addAll(recallCells(pick(r, groups), bins));
            table.row(row);
        }
        return table.render();
    }

    private static DetectionScore pick(ConfigResult r, boolean groups) {
        return groups ? r.groups() : r.sizes();
    }

    /**
     * Per fixture photo, faces found of face-api's, detections of real faces face-api missed
     * (unlabelled), and false positives.
     */
    static String fixtures(List<ConfigResult> results) {
        List<String> header = new ArrayList<>();
        header.add("photo (face-api's faces)");
        results.forEach(r -> header.add(r.config().label()));
        MarkdownTable table = new MarkdownTable(header);
        for (String photo : results.get(0).fixturesByPhoto().keySet()) {
            List<String> row = new ArrayList<>();
            row.add(photo + " (" + results.get(0).fixturesByPhoto().get(photo).truth() + ")");
            for (ConfigResult r : results) {
                DetectionScore score = r.fixturesByPhoto().get(photo);
                row.add(
                        score.found()
                                + (score.onUnlabelled() > 0
                                        ? " +" + score.onUnlabelled() + " unlabelled"
                                        : "")
                                + (score.falsePositives() > 0
                                        ? ", " + score.falsePositives() + " FP"
                                        : ""));
            }
            table.row(row);
        }
        List<String> recall = new ArrayList<>(List.of("recall"));
        List<String> fp = new ArrayList<>(List.of("FP per frame"));
        for (ConfigResult r : results) {
            recall.add(
                    String.format(
                            "%s (%d/%d)",
                            MarkdownTable.share(r.fixtures().recall()),
                            r.fixtures().found(),
                            r.fixtures().truth()));
            fp.add(MarkdownTable.share(r.fixtures().falsePositivesPerFrame()));
        }
        StringBuilder out = new StringBuilder(table.row(recall).row(fp).render());
        for (ConfigResult r : results) {
            if (!r.fixtureFalsePositives().isEmpty()) {
                out.append(
                        String.format(
                                "%nFalse positives of %s: %s.%n",
                                r.config().label(), String.join("; ", r.fixtureFalsePositives())));
            }
        }
        return out.toString();
    }

    /** Per configuration, the false positives on the size and group scenes, one per line. */
    static String sceneFalsePositives(List<ConfigResult> results) {
        StringBuilder out = new StringBuilder();
        for (ConfigResult r : results) {
            out.append(r.config().label())
                    .append(": ")
                    .append(r.sceneFalsePositives().size())
                    .append('\n');
            r.sceneFalsePositives().forEach(fp -> out.append("- ").append(fp).append('\n'));
        }
        return out.toString();
    }

    /** Each false positive of the pass: photo, box and score. */
    static List<String> falsePositives(SceneRunner.Pass pass) {
        List<String> found = new ArrayList<>();
        for (SceneRunner.Analyzed analyzed : pass.frames()) {
            List<Detection> detections = analyzed.detections();
            GreedyMatching.Pairing pairing =
                    GreedyMatching.pair(
                            analyzed.frame().faces(),
                            analyzed.frame().unlabelled(),
                            detections,
                            GreedyMatching.MIN_IOU);
            for (int i = 0; i < detections.size(); i++) {
                Detection d = detections.get(i);
                if (pairing.isFalse(i)) {
                    found.add(
                            String.format(
                                    "%s %.0fx%.0f at (%.0f, %.0f), score %.2f",
                                    analyzed.frame().name(),
                                    d.width(),
                                    d.height(),
                                    d.x(),
                                    d.y(),
                                    d.score()));
                }
            }
        }
        return found;
    }

    /** Recall per face width on the moving sequences, per configuration and interval. */
    static String moving(List<ConfigResult> results) {
        TreeSet<Integer> bins = new TreeSet<>();
        results.forEach(r -> r.moving().forEach(m -> bins.addAll(m.score().bins())));
        List<String> header = recallHeader("configuration", bins);
        header.add(1, "detect every");
        header.add("labels of every frame kept, per frame");
        header.add("on tracks");
        MarkdownTable table = new MarkdownTable(header);
        for (ConfigResult r : results) {
            for (MovingResult m : r.moving()) {
                List<String> row = new ArrayList<>();
                row.add(r.config().label());
                row.add(interval(m.interval()));
                row.addAll(recallCells(m.score(), bins));
                row.add(agreement(m.labels()));
                row.add(agreement(m.trackLabels()));
                table.row(row);
            }
        }
        return table.render();
    }

    private static String agreement(LabelAgreement a) {
        return a == null
                ? "–"
                : String.format("%.2f (%d of %d)", a.share(), a.agreed(), a.compared());
    }

    /** Throughput and batching on the moving sequences, per configuration and interval. */
    static String throughput(List<ConfigResult> results) {
        MarkdownTable table =
                new MarkdownTable(
                        List.of(
                                "configuration",
                                "detect every",
                                "looks per detecting frame",
                                "detector inputs per frame",
                                "mean detector batch",
                                "faces classified per frame",
                                "frames/s",
                                "ms per frame",
                                "decode ms per frame"));
        for (ConfigResult r : results) {
            for (MovingResult m : r.moving()) {
                SceneRunner.Pass pass = m.pass();
                int frames = pass.frames().size();
                table.row(
                        List.of(
                                r.config().label(),
                                interval(m.interval()),
                                Integer.toString(r.looksPerDetectedFrame()),
                                String.format("%.2f", pass.detector().items() / (double) frames),
                                String.format("%.2f", pass.detector().meanBatch()),
                                String.format("%.2f", pass.classifier().items() / (double) frames),
                                String.format("%.2f", pass.framesPerSecond()),
                                String.format("%.1f", 1000 / pass.framesPerSecond()),
                                String.format("%.1f", pass.decodeMillis() / frames)));
            }
        }
        return table.render();
    }

    static String interval(int interval) {
        return interval == 1 ? "frame" : interval + " frames";
    }

    private static List<String> recallHeader(String first, TreeSet<Integer> bins) {
        List<String> header = new ArrayList<>();
        header.add(first);
        bins.forEach(bin -> header.add(bin + " px"));
        header.add("all");
        header.add("FP per frame");
        return header;
    }

    private static List<String> recallCells(DetectionScore score, TreeSet<Integer> bins) {
        List<String> cells = new ArrayList<>();
        bins.forEach(bin -> cells.add(MarkdownTable.share(score.recall(bin))));
        cells.add(MarkdownTable.share(score.recall()));
        cells.add(MarkdownTable.share(score.falsePositivesPerFrame()));
        return cells;
    }
}
