package dev.vigia.pipeline.upscale;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.models.engine.DeviceChoice;
import dev.vigia.models.store.ModelStore;
import dev.vigia.models.upscale.TiledUpscaler;
import dev.vigia.models.upscale.UpscalerModel;
import dev.vigia.models.upscale.Upscalers;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Super-resolves the small crops people want to look at: track snapshots and event snapshots.
 * A crop whose longer side is below {@code smallerThan} pixels is upscaled; larger crops are
 * already worth looking at. Shared by every source's snapshot stage (one model, one predictor,
 * calls taken one at a time: snapshots are few).
 */
public final class CropUpscaler implements AutoCloseable {

    public static final int DEFAULT_SMALLER_THAN = 160;

    private final UpscalerModel model;
    private final TiledUpscaler upscaler;
    private final int smallerThan;

    private CropUpscaler(UpscalerModel model, int smallerThan) {
        this.model = model;
        this.upscaler = new TiledUpscaler(model.newUpscaler(), TiledUpscaler.DEFAULT_TILE, TiledUpscaler.DEFAULT_PAD,
                Upscalers.defaultMemoryLimit());
        this.smallerThan = smallerThan;
    }

    /** Loads {@code name} at {@code scale} (pulled on first use) for crops whose longer side is below {@code smallerThan}. */
    public static CropUpscaler load(ModelStore store, String name, int scale, DeviceChoice device, int smallerThan) {
        if (smallerThan < 2) {
            throw new InvalidSettingException(Setting.SR_BELOW, String.valueOf(smallerThan),
                    "The crop size below which snapshots are super-resolved must be at least 2 pixels, got " + smallerThan);
        }
        return new CropUpscaler(Upscalers.load(store, name, scale, device), smallerThan);
    }

    public int scale() {
        return upscaler.scale();
    }

    public String modelId() {
        return upscaler.modelId();
    }

    /** Whether {@code crop} is small enough to be worth upscaling. */
    public boolean wants(Mat crop) {
        return !crop.empty() && Math.max(crop.cols(), crop.rows()) < smallerThan;
    }

    /** {@code crop} upscaled; the caller closes the result. */
    public synchronized Mat upscale(Mat crop) {
        return upscaler.upscale(crop);
    }

    @Override
    public void close() {
        upscaler.close();
        model.close();
    }
}
