package dev.vigia.models.darknet;

/**
 * A Darknet detection layer: {@code [yolo]} (anchors in input pixels, the entries of {@code mask}
 * used at this scale, sigmoid classes) or {@code [region]} (YOLOv2: anchors in grid cells,
 * softmax classes).
 */
record DetectionLayer(String output, String type, float[] anchors, int classes, boolean softmax, float scaleXy) {

    static DetectionLayer of(DarknetCfg.Section s, int inputChannels) {
        int classes = s.integer("classes", 20);
        float[] all = s.numbers("anchors");
        if (all.length % 2 != 0) {
            throw s.error("'anchors' must list width,height pairs");
        }
        float[] anchors;
        if (s.type().equals("yolo")) {
            float[] mask = s.numbers("mask");
            if (mask.length == 0) {
                mask = new float[all.length / 2];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = i;
                }
            }
            anchors = new float[mask.length * 2];
            for (int i = 0; i < mask.length; i++) {
                int a = (int) mask[i];
                if (a < 0 || 2 * a + 1 >= all.length) {
                    throw s.error("mask entry " + a + " has no anchor");
                }
                anchors[2 * i] = all[2 * a];
                anchors[2 * i + 1] = all[2 * a + 1];
            }
        } else {
            if (s.integer("coords", 4) != 4) {
                throw s.error("region coords=" + s.integer("coords", 4) + " is not supported (only 4)");
            }
            anchors = all;
            if (anchors.length / 2 != s.integer("num", anchors.length / 2)) {
                throw s.error("region num=" + s.integer("num", 0) + " does not match its " + anchors.length / 2 + " anchors");
            }
        }
        int expected = anchors.length / 2 * (5 + classes);
        if (inputChannels != expected) {
            throw s.error("the layer before has " + inputChannels + " channels, but " + anchors.length / 2 + " anchors x (5 + "
                    + classes + " classes) need " + expected);
        }
        boolean softmax = s.type().equals("region") && s.integer("softmax", 1) != 0;
        return new DetectionLayer(null, s.type(), anchors, classes, softmax, s.number("scale_x_y", 1f));
    }

    DetectionLayer named(String outputName) {
        return new DetectionLayer(outputName, type, anchors, classes, softmax, scaleXy);
    }
}
