package dev.vigia.models.upscale;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Upscales an image of any size in square tiles, each read with {@code pad} extra input pixels
 * on every side that are cut away again, so a tile's border pixels see the same neighbourhood as
 * in one whole-image inference and no seam shows. Memory is that of one padded tile, whatever
 * the image's size. A tile size of 0 upscales in one piece, refused when it would not fit in
 * {@code memoryLimitBytes}.
 */
public final class TiledUpscaler implements AutoCloseable {

    public static final int DEFAULT_TILE = 256;
    public static final int DEFAULT_PAD = 16;

    private final Upscaler upscaler;
    private final int tile;
    private final int pad;
    private final long memoryLimitBytes;

    public TiledUpscaler(Upscaler upscaler, int tile, int pad, long memoryLimitBytes) {
        if (tile < 0 || tile > 0 && tile < 16) {
            throw new InvalidSettingException(Setting.TILE, String.valueOf(tile), "The tile size must be 0 (no tiling) or at least 16 pixels, got "
                    + tile);
        }
        if (pad < 0 || tile > 0 && pad > tile) {
            throw new InvalidSettingException(Setting.TILE_PAD, String.valueOf(pad), "The tile padding must be between 0 and the tile size ("
                    + tile + "), got " + pad);
        }
        this.upscaler = upscaler;
        this.tile = tile;
        this.pad = pad;
        this.memoryLimitBytes = memoryLimitBytes;
        if (tile > 0) {
            requireFits(tile + 2 * pad, tile + 2 * pad, "one " + (tile + 2 * pad) + "x" + (tile + 2 * pad) + " padded tile", "smaller tiles");
        }
    }

    public int scale() {
        return upscaler.scale();
    }

    public String modelId() {
        return upscaler.modelId();
    }

    /** {@code bgr} upscaled; the caller closes the result. */
    public Mat upscale(Mat bgr) {
        int width = bgr.cols();
        int height = bgr.rows();
        if (tile == 0) {
            requireFits(width, height, "the " + width + "x" + height + " image in one piece", "tiles of " + DEFAULT_TILE + " pixels");
            return upscaler.upscale(bgr);
        }
        if (width <= tile && height <= tile) {
            return upscaler.upscale(bgr);
        }
        int scale = upscaler.scale();
        Mat result = new Mat(height * scale, width * scale, CV_8UC3);
        for (int y = 0; y < height; y += tile) {
            for (int x = 0; x < width; x += tile) {
                int coreWidth = Math.min(tile, width - x);
                int coreHeight = Math.min(tile, height - y);
                int left = Math.max(0, x - pad);
                int top = Math.max(0, y - pad);
                int right = Math.min(width, x + coreWidth + pad);
                int bottom = Math.min(height, y + coreHeight + pad);
                try (Mat padded = bgr.apply(new Rect(left, top, right - left, bottom - top)).clone();
                        Mat upscaled = upscaler.upscale(padded);
                        Mat core = upscaled.apply(new Rect((x - left) * scale, (y - top) * scale, coreWidth * scale, coreHeight * scale));
                        Mat target = result.apply(new Rect(x * scale, y * scale, coreWidth * scale, coreHeight * scale))) {
                    core.copyTo(target);
                }
            }
        }
        return result;
    }

    private void requireFits(int width, int height, String what, String instead) {
        long needed = upscaler.bytesFor(width, height);
        if (needed > memoryLimitBytes) {
            throw new InvalidSettingException(Setting.TILE, String.valueOf(tile), String.format(java.util.Locale.ROOT,
                    "Upscaling %s with %s needs about %.1f GB, more than the %.1f GB memory limit; use %s",
                    what, upscaler.modelId(), needed / 1e9, memoryLimitBytes / 1e9, instead));
        }
    }

    @Override
    public void close() {
        upscaler.close();
    }
}
