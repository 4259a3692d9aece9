package dev.vigia.pipeline.motion;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.detect.Detector;
import dev.vigia.models.nms.Suppressor;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Detects one frame by its region plan, outside a pipeline (benchmarks, tools): each crop in one
 * batch, their detections joined across crop borders ({@link RegionJoiner}) and suppressed once
 * by the model's suppression; an empty plan detects the whole frame the same way. The pipeline
 * does the same across frames in its detection stage, with the crops prepared ahead.
 *
 * <p>One instance per thread.
 */
public final class RegionDetection {

    private final Detector candidates;
    private final Suppressor suppressor;
    private final RegionJoiner joiner = new RegionJoiner();
    private final List<Detections> found = new ArrayList<>();

    /**
     * @param candidates a detector that returns every candidate (e.g. {@code DetectorModel.newCandidateDetector()})
     * @param suppressor the model's suppression ({@code DetectorModel.newSuppressor()}), or null when it needs none
     */
    public RegionDetection(Detector candidates, Suppressor suppressor) {
        this.candidates = candidates;
        this.suppressor = suppressor;
    }

    /** Fills {@code into} with {@code frame}'s detections, in frame pixels. */
    public void detect(Mat frame, RegionPlan plan, Detections into) {
        if (plan.wholeFrame()) {
            candidates.detect(frame, into);
        } else {
            while (found.size() < plan.size()) {
                found.add(new Detections());
            }
            List<Mat> crops = new ArrayList<>(plan.size());
            try {
                for (int i = 0; i < plan.size(); i++) {
                    try (Rect rect = new Rect(plan.x(i), plan.y(i), plan.width(i), plan.height(i))) {
                        crops.add(new Mat(frame, rect));
                    }
                }
                List<Detections> perCrop = found.subList(0, plan.size());
                candidates.detectBatch(crops, perCrop);
                joiner.join(plan, perCrop, frame.cols(), frame.rows(), into);
            } finally {
                crops.forEach(Mat::close);
            }
        }
        if (suppressor != null) {
            suppressor.apply(into);
        }
    }
}
