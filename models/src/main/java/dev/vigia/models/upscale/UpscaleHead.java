package dev.vigia.models.upscale;

/**
 * A super-resolution model's settings in the catalog ({@code head:}).
 *
 * @param scale how many output pixels one input pixel becomes along each side
 * @param inputRange the value white has at the model's input and output: 255 for the slim and
 *     medium ESRGAN exports, 1 for thick
 * @param bytesPerInputPixel the memory one inference needs per input pixel, measured here (peak
 *     resident memory growth over a frame), which decides whether an untiled image fits
 */
public record UpscaleHead(int scale, float inputRange, long bytesPerInputPixel) {

    public UpscaleHead {
        if (scale < 2) {
            throw new IllegalArgumentException("an upscaler's scale is at least 2, got " + scale);
        }
        if (inputRange <= 0) {
            inputRange = 255;
        }
        if (bytesPerInputPixel <= 0) {
            bytesPerInputPixel = 4096;
        }
    }
}
