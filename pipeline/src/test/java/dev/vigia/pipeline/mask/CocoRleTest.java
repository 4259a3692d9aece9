package dev.vigia.pipeline.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * COCO compressed RLE: small masks encoded by hand from pycocotools' algorithm (column-major runs
 * from 0s, deltas two back after the third run, 5-bit groups from '0'), and random masks that
 * decode back, with a decoder written here from the same description.
 */
class CocoRleTest {

    @Test
    void aTwoByTwoMaskIsItsColumnMajorRuns() {
        // [[0, 1], [1, 1]]: column 0 is 0, 1 and column 1 is 1, 1 -> runs 1 zero, 3 ones -> "1" "3".
        assertEquals("13", CocoRle.encode(2, 2, mask(new int[][] {{0, 1}, {1, 1}}), 0, 0));
        // All ones: an empty first run of zeros.
        assertEquals("04", CocoRle.encode(2, 2, mask(new int[][] {{1, 1}, {1, 1}}), 0, 0));
    }

    @Test
    void fromTheFourthRunOnRunsAreDifferencesAndLargeOnesTakeSeveralCharacters() {
        // The first three runs are written as they are: 5 '5', 10 ':', 7 '7'.
        assertEquals("5:7", CocoRle.toText(new long[] {5, 10, 7}, 3));
        // 100 = 3 * 32 + 4: the low group 4 with the continuation bit (4 | 32, + 48 = 'T'), then 3.
        assertEquals("T3", CocoRle.toText(new long[] {100}, 1));
        // 4 '4', 15 '?', 20 (sign bit 16 set, so a continuation: 'd', then '0'), and 3 - 15 = -12 ('D').
        assertEquals("4?d0D", CocoRle.toText(new long[] {4, 15, 20, 3}, 4));
    }

    @Test
    void aPlacedMaskDecodesToTheSamePixelsOfTheFrame() {
        Random random = new Random(3);
        int width = 37;
        int height = 23;
        Mat small = new Mat(9, 12, opencv_core.CV_8U);
        try (UByteIndexer pixels = small.createIndexer()) {
            for (int y = 0; y < 9; y++) {
                for (int x = 0; x < 12; x++) {
                    pixels.put(y, x, random.nextInt(3) == 0 ? 0 : 255);
                }
            }
        }
        int left = 30;
        int top = 18;
        boolean[] decoded = RleDecoder.decode(CocoRle.encode(width, height, small, left, top), width * height);
        boolean[] expected = new boolean[width * height];
        try (UByteIndexer pixels = small.createIndexer()) {
            for (int x = 0; x < width; x++) {
                for (int y = 0; y < height; y++) {
                    int mx = x - left;
                    int my = y - top;
                    expected[x * height + y] = mx >= 0 && my >= 0 && mx < 12 && my < 9 && pixels.get(my, mx) != 0;
                }
            }
        }
        assertArrayEquals(expected, decoded);
    }

    private static Mat mask(int[][] rows) {
        Mat mask = new Mat(rows.length, rows[0].length, opencv_core.CV_8U);
        try (UByteIndexer pixels = mask.createIndexer()) {
            for (int y = 0; y < rows.length; y++) {
                for (int x = 0; x < rows[0].length; x++) {
                    pixels.put(y, x, rows[y][x] * 255);
                }
            }
        }
        return mask;
    }
}
