package dev.vigia.pipeline.mask;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * COCO's compressed run-length encoding of a binary mask, as pycocotools writes it: runs of
 * alternating 0 and 1 pixels in column-major order starting with 0s, each run after the second
 * stored as its difference to the run two before, in 5-bit groups with a continuation bit,
 * offset into printable ASCII from '0'. Written here: it is a format, and no JVM library has it.
 */
public final class CocoRle {

    private CocoRle() {}

    /**
     * Encodes a mask of the frame's size whose ones are the non-zero pixels of {@code mask} placed
     * at ({@code left}, {@code top}); pixels outside it are 0.
     */
    public static String encode(int frameWidth, int frameHeight, Mat mask, int left, int top) {
        long[] runs = new long[16];
        int count = 0;
        long run = 0;
        boolean current = false;
        int maskWidth = mask.cols();
        int maskHeight = mask.rows();
        try (UByteIndexer pixels = mask.createIndexer()) {
            for (int x = 0; x < frameWidth; x++) {
                int mx = x - left;
                if (mx < 0 || mx >= maskWidth) {
                    if (current) {
                        runs = push(runs, count++, run);
                        run = 0;
                        current = false;
                    }
                    run += frameHeight;
                    continue;
                }
                for (int y = 0; y < frameHeight; y++) {
                    int my = y - top;
                    boolean on = my >= 0 && my < maskHeight && pixels.get(my, mx) != 0;
                    if (on != current) {
                        runs = push(runs, count++, run);
                        run = 0;
                        current = on;
                    }
                    run++;
                }
            }
        }
        runs = push(runs, count++, run);
        return toText(runs, count);
    }

    /** The run lengths as pycocotools' {@code rleToString} writes them. */
    static String toText(long[] runs, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            long x = runs[i];
            if (i > 2) {
                x -= runs[i - 2];
            }
            boolean more = true;
            while (more) {
                long c = x & 0x1f;
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                text.append((char) (c + 48));
            }
        }
        return text.toString();
    }

    private static long[] push(long[] runs, int index, long value) {
        long[] target = index < runs.length ? runs : java.util.Arrays.copyOf(runs, runs.length * 2);
        target[index] = value;
        return target;
    }
}
