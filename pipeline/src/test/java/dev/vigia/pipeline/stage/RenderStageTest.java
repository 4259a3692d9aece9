package dev.vigia.pipeline.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.StageHarness;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.render.Annotator;
import dev.vigia.pipeline.render.Annotators;
import dev.vigia.pipeline.render.Palette;
import dev.vigia.pipeline.render.RenderedFrame;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** Drawing on the frame's copy, layer over layer in the declared order, with the frame left as it came. */
class RenderStageTest {

    private static final int[] BLUE = {255, 0, 0};
    private static final int[] RED = {0, 0, 255};
    private static final int[] GREY = {90, 90, 90};

    /** Fills columns {@code from} to {@code to} (exclusive) of the canvas with one BGR colour. */
    private static Annotator fill(int from, int to, int[] bgr) {
        return (canvas, frame) -> {
            try (Rect band = new Rect(from, 0, to - from, canvas.rows()); Mat part = canvas.apply(band)) {
                part.put(new Scalar(bgr[0], bgr[1], bgr[2], 0));
            }
        };
    }

    private static int[] pixel(Mat image, int x, int y) {
        try (UByteIndexer pixels = image.createIndexer()) {
            return new int[] {pixels.get(y, x, 0), pixels.get(y, x, 1), pixels.get(y, x, 2)};
        }
    }

    @Test
    void annotatorsDrawInTheDeclaredOrderOnACopyAndTheFrameStaysClean() throws Exception {
        // Blue on columns 0-19, red on 10-39 of a 40x30 grey frame: columns 10-19 are both's.
        FrameEvent frame = StageHarness.frame(0, 40, 30);
        new StageHarness(new RenderStage(List.of(fill(0, 20, BLUE), fill(10, 40, RED)))).offer(frame).finish();
        Mat drawn = RenderedFrame.of(frame);
        assertArrayEquals(BLUE, pixel(drawn, 5, 15), "blue alone");
        assertArrayEquals(RED, pixel(drawn, 15, 15), "the later annotator draws over the earlier");
        assertArrayEquals(RED, pixel(drawn, 30, 15), "red alone");
        assertArrayEquals(GREY, pixel(frame.image, 15, 15), "the frame itself is not drawn on");

        FrameEvent swapped = StageHarness.frame(0, 40, 30);
        new StageHarness(new RenderStage(List.of(fill(10, 40, RED), fill(0, 20, BLUE)))).offer(swapped).finish();
        assertArrayEquals(BLUE, pixel(RenderedFrame.of(swapped), 15, 15), "declared the other way round, blue is on top");
    }

    @Test
    void aFrameTheStageDidNotDrawReadsAsTheCleanFrame() throws Exception {
        // One ring slot carrying a later frame that the render stage has not drawn (it failed, or renders nothing).
        FrameEvent slot = StageHarness.frame(0, 40, 30);
        new StageHarness(new RenderStage(List.of(fill(0, 40, RED)))).offer(slot).finish();
        slot.frameIndex = 1;
        assertSame(slot.image, RenderedFrame.of(slot));
    }

    @Test
    void aCallersAnnotatorLiesUnderTheTrackBoxes() throws Exception {
        FrameEvent frame = StageHarness.frame(0, 200, 150);
        frame.tracks.add(7, 20, 60, 120, 140, 0.9f, 0);
        List<Annotator> layers = Annotators.tracking(LabelMap.resolve("coco80"), null, List.of(fill(0, 200, RED)));
        new StageHarness(new RenderStage(layers)).offer(frame).finish();
        Mat drawn = RenderedFrame.of(frame);
        Scalar seven = Palette.color(7);
        int[] boxColour = {(int) seven.get(0), (int) seven.get(1), (int) seven.get(2)};
        assertArrayEquals(boxColour, pixel(drawn, 20, 100), "the box's left edge is drawn over the caller's fill");
        assertArrayEquals(RED, pixel(drawn, 70, 100), "inside the box, away from tag and trail, the fill shows");
        assertArrayEquals(RED, pixel(drawn, 190, 10), "outside the box the fill shows");
        assertEquals(90, pixel(frame.image, 70, 100)[2], "the frame stays grey");
    }
}
