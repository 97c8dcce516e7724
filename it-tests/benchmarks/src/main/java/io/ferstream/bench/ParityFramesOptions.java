package io.ferstream.bench;

import java.util.List;
import picocli.CommandLine.Option;

/** The option of the benchmarks that compare analyses on the parity frames ({@link FaceParity}). */
final class ParityFramesOptions {

    @Option(
            names = "--frames-per-size",
            defaultValue = "2",
            description =
                    "Generated scenes per face width (8 faces each). Default: ${DEFAULT-VALUE}")
    int framesPerSize;

    /** The parity frames with this many generated scenes per face width. */
    List<FaceParity.Frame> frames() throws Exception {
        return FaceParity.frames(framesPerSize);
    }
}
