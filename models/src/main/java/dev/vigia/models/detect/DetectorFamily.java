package dev.vigia.models.detect;

import dev.vigia.models.catalog.ModelSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The object detector families Vigía decodes, as a model's manifest names them ({@code family:}).
 * Each family owns the choice of its {@link OutputDecoder}, and through it the suppression its
 * models need by default (greedy NMS at the head's {@code nms_iou} for NanoDet, YOLO and SSD heads;
 * none for CenterNet's peaks and TF Object Detection API exports, which suppress in the graph).
 */
public enum DetectorFamily {
    NANODET("nanodet", true) {
        @Override
        OutputDecoder decoder(ModelSpec spec, List<String> outputs, int classes) {
            return new NanoDetDecoder(spec.head(NanoDetDecoder.Head.class), spec.input().width(), classes);
        }
    },
    CENTERNET("centernet", true) {
        @Override
        OutputDecoder decoder(ModelSpec spec, List<String> outputs, int classes) {
            return new CenterNetDecoder(spec.head(CenterNetDecoder.Head.class), spec.input().width(), spec.input().height(), classes);
        }
    },
    YOLO("yolo", false) {
        @Override
        OutputDecoder decoder(ModelSpec spec, List<String> outputs, int classes) {
            return spec.head() != null && spec.head().has("anchors")
                    ? new YoloAnchorDecoder(spec.head(YoloAnchorDecoder.Head.class), spec.input().width(), spec.input().height(), classes)
                    : new YoloDecoder(spec.head(YoloDecoder.Head.class), spec.input().width(), spec.input().height(), classes);
        }
    },
    SSD("ssd", false) {
        @Override
        OutputDecoder decoder(ModelSpec spec, List<String> outputs, int classes) {
            return spec.head() != null && spec.head().has("feature_maps")
                    ? new SsdHeadDecoder(spec.head(SsdHeadDecoder.Head.class), spec.input().width(), spec.input().height(), classes)
                    : FASTER_RCNN.decoder(spec, outputs, classes);
        }
    },
    FASTER_RCNN("faster-rcnn", false) {
        @Override
        OutputDecoder decoder(ModelSpec spec, List<String> outputs, int classes) {
            return new ObjectDetectionApiDecoder(spec.head(ObjectDetectionApiDecoder.Head.class).forOutputs(outputs),
                    spec.input().width(), spec.input().height());
        }
    };

    private final String id;
    private final boolean scoresPerClass;

    DetectorFamily(String id, boolean scoresPerClass) {
        this.id = id;
        this.scoresPerClass = scoresPerClass;
    }

    /** The family's name in a manifest and on the command line: {@code nanodet}, {@code faster-rcnn}. */
    public String id() {
        return id;
    }

    /** Whether the first output ends in one score per class, so a label map must name exactly that many. */
    boolean scoresPerClass() {
        return scoresPerClass;
    }

    /** The decoder for one thread of a model of this family whose graph has {@code outputs}. */
    abstract OutputDecoder decoder(ModelSpec spec, List<String> outputs, int classes);

    /** The family a manifest names, or empty when it is not a detector family (segmentation, esrgan, ...). */
    public static Optional<DetectorFamily> byId(String id) {
        return Arrays.stream(values()).filter(family -> family.id.equals(id)).findFirst();
    }

    /** Every family's id, in this order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(DetectorFamily::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
