package dev.vigia.pipeline.mask;

import java.util.ArrayList;
import java.util.List;

/**
 * COCO compressed RLE back to pixels, written from pycocotools' {@code rleFrString} for tests: an
 * encoder checked only against a decoder of its own making would prove nothing.
 */
public final class RleDecoder {

    private RleDecoder() {}

    /** The mask of {@code pixels} pixels, column-major (index x * height + y). */
    public static boolean[] decode(String counts, int pixels) {
        List<Long> runs = new ArrayList<>();
        int p = 0;
        while (p < counts.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                long c = counts.charAt(p) - 48;
                x |= (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            if (runs.size() > 2) {
                x += runs.get(runs.size() - 2);
            }
            runs.add(x);
        }
        boolean[] mask = new boolean[pixels];
        int at = 0;
        boolean on = false;
        for (long run : runs) {
            if (at + run > pixels) {
                throw new IllegalArgumentException("the runs cover more than " + pixels + " pixels");
            }
            for (long i = 0; i < run; i++) {
                mask[at++] = on;
            }
            on = !on;
        }
        if (at != pixels) {
            throw new IllegalArgumentException("the runs cover " + at + " of " + pixels + " pixels");
        }
        return mask;
    }
}
