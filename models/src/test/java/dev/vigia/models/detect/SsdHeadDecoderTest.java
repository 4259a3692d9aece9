package dev.vigia.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigia.models.boxes.Detections;
import org.junit.jupiter.api.Test;

/** A one-prior SSD head: box coder maths by hand. */
class SsdHeadDecoderTest {

    @Test
    void decodesEncodingsAgainstThePriorAndSkipsBackground() {
        // One 1x1 feature map, one box (ratio 1, scale 0.5): prior centred at (0.5, 0.5), 0.5 x 0.5.
        SsdHeadDecoder.Head head = new SsdHeadDecoder.Head("boxes", "classes", "sigmoid", new int[] {1}, 0.5f, 0.5f,
                new float[] {1f}, false, 0, 0.5f, 10);
        SsdHeadDecoder decoder = new SsdHeadDecoder(head, 100, 200, 1);
        assertEquals(2, decoder.priors().count(), "the ratio-1 box and the interpolated one (scale sqrt(0.5 x 1))");
        float logit = (float) Math.log(0.8 / 0.2);
        // Prior 0 is the interpolated box (index 0); prior 1 the 0.5 box: shift it by 10% of its height down, double its width.
        float[] encodings = {0, 0, 0, 0, 1, 0, 0, (float) (5 * Math.log(2))};
        float[] logits = {5, -10, 5, logit};
        Detections d = new Detections();
        decoder.decode(new float[][] {encodings, logits}, new FrameTransform(1, 1, 0, 0, 1000, 1000), 0.5f, d);
        decoder.defaultSuppressor().apply(d);
        assertEquals(1, d.size(), "background's logit is never a class");
        assertEquals(0.8f, d.score(0), 1e-5);
        // centre y = 0.5 + 0.1 x 0.5 = 0.55, h 0.5 -> 0.30..0.80 of 200; x centre 0.5, w 1.0 -> 0..1 of 100
        assertEquals(0, d.x1(0), 1e-3);
        assertEquals(60, d.y1(0), 1e-3);
        assertEquals(100, d.x2(0), 1e-3);
        assertEquals(160, d.y2(0), 1e-3);
    }

    @Test
    void softmaxScoresShareTheProbabilityWithBackground() {
        SsdHeadDecoder.Head head = new SsdHeadDecoder.Head("boxes", "classes", "softmax", new int[] {1}, 0.5f, 0.5f,
                new float[] {1f}, false, null, 0.5f, 10);
        SsdHeadDecoder decoder = new SsdHeadDecoder(head, 100, 100, 1);
        float[] encodings = new float[8];
        // Prior 0 (the ratio-1 box, the interpolated one last): background 0, face ln 3 -> 0.75; prior 1 even -> 0.5.
        float[] logits = {0, (float) Math.log(3), 0, 0};
        Detections d = new Detections();
        decoder.decode(new float[][] {encodings, logits}, new FrameTransform(1, 1, 0, 0, 1000, 1000), 0.6f, d);
        decoder.defaultSuppressor().apply(d);
        assertEquals(1, d.size());
        assertEquals(0.75f, d.score(0), 1e-5);
        assertEquals(25, d.x1(0), 1e-3, "the 0.5 x 0.5 prior centred in a 100 px input");
    }
}
