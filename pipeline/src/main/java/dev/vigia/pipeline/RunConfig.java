package dev.vigia.pipeline;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.engine.InferenceThreads;
import dev.vigia.models.nms.Suppressor;
import dev.vigia.models.nms.Suppressors;
import dev.vigia.models.precision.Precision;
import dev.vigia.pipeline.mask.MaskMode;
import dev.vigia.pipeline.track.TrackerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tracking run's configuration, typed: what {@code vigia track} runs, and what a program hands
 * to {@link EngineBuilder#configure}. Made from a YAML file or flags by {@link RunSettings#resolve()}
 * ({@code RunConfig.read(Path.of("track.yaml"))} for a file alone); checked in one place,
 * {@link #validate()}, whose errors are neutral {@link InvalidSettingException}s naming the setting.
 *
 * @param sources what to read, each named uniquely, with its capture mode and detection interval
 * @param detector an installed or catalog model id, a family, or a model path
 * @param out the folder of the standard outputs
 * @param show a live preview window
 * @param realtime a file paced at its own frame rate
 * @param maxFrames frames after which the run stops (0: no limit)
 * @param duration how long the run lasts (null: until the sources end or it is stopped)
 * @param statsJson where the run's statistics are written as JSON (null: nowhere)
 * @param score the detection score threshold (null: the tracker's own)
 * @param nms the one overlap suppression by name ({@link Suppressors#names()}; null: the model's own, unless {@code iou} is given)
 * @param iou the suppression's IoU threshold (null: 0.6 when {@code nms} is given; alone it means greedy NMS at this threshold)
 * @param maxRetries reconnect attempts in a row on a live source (-1: forever)
 * @param segmenter the model of person or matting masks (null: that mode's default)
 */
public record RunConfig(
        List<SourceSpec> sources,
        String detector,
        TrackerSpec tracker,
        Path out,
        boolean show,
        boolean realtime,
        long maxFrames,
        Duration duration,
        Path statsJson,
        Float score,
        String nms,
        Float iou,
        DeviceChoice device,
        int detectWorkers,
        int batch,
        InferenceThreads inferenceThreads,
        Precision precision,
        int ringSize,
        Duration connectTimeout,
        int maxRetries,
        boolean overwrite,
        MaskMode masks,
        String segmenter) {

    /** The IoU threshold of a suppression chosen by name alone. */
    public static final float DEFAULT_IOU = 0.6f;

    public RunConfig {
        sources = List.copyOf(sources);
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(inferenceThreads, "inferenceThreads");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(masks, "masks");
    }

    /** The configuration a YAML file gives, over the defaults, resolved and validated. */
    public static RunConfig read(Path file) {
        return RunSettings.read(file).resolve();
    }

    /**
     * Checks that the settings can work together, before anything is opened: at least one source,
     * each named its own; 1 to 16 detection workers; a ring of a power of 2 slots; an IoU
     * threshold in (0, 1] and a suppression Vigía has. Throws an {@link InvalidSettingException}
     * (or, for an unknown suppression, another {@code UserError}) naming what is wrong.
     */
    public void validate() {
        if (sources.isEmpty()) {
            throw new InvalidSettingException(Setting.SOURCE, "No source: give a file, folder, webcam[:N] or stream address to read");
        }
        SourceSpec.requireDistinctNames(sources);
        if (detectWorkers < 1 || detectWorkers > 16) {
            throw new InvalidSettingException(Setting.DETECT_WORKERS, String.valueOf(detectWorkers),
                    "detect_workers must be between 1 and 16, got " + detectWorkers);
        }
        if (Integer.bitCount(ringSize) != 1 || ringSize < 2) {
            throw new InvalidSettingException(Setting.RING_SIZE, String.valueOf(ringSize),
                    "ring_size must be a power of 2 (2, 4, 8, 16...), got " + ringSize);
        }
        if (iou != null && !(iou > 0 && iou <= 1)) {
            throw new InvalidSettingException(Setting.IOU, String.valueOf(iou), "iou must be in (0, 1], got " + iou);
        }
        suppressor();
    }

    /**
     * The suppression run once on the detector's candidates when {@code nms} or {@code iou} is
     * given (class-aware, at most 300 boxes, 100 a class); empty: the model's own NMS runs inside it.
     */
    public Optional<Suppressor> suppressor() {
        if (nms == null && iou == null) {
            return Optional.empty();
        }
        return Optional.of(Suppressors.create(nms != null ? nms : "greedy", iou != null ? iou : DEFAULT_IOU, true, 300, 100));
    }
}
