package dev.vigia.models.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.vigia.config.VigiaHome;

/**
 * Prepares DJL's TensorFlow engine to run offline from the native libraries on the classpath,
 * with its cache under {@code $VIGIA_HOME/djl}, and picks the device.
 */
public final class TensorFlowEngine {

    public static final String NAME = "TensorFlow";

    private static volatile Engine engine;
    private static volatile CpuPlan startedWith = CpuPlan.NONE;

    private TensorFlowEngine() {}

    /** Loads the engine once per JVM; the first call extracts the native libraries (~10 s, once per cache). */
    public static Engine get() {
        return get(CpuPlan.NONE);
    }

    /**
     * Loads the engine once per JVM, its thread pools on {@code plan}'s inference CPUs when this
     * call is the one that starts it (TensorFlow sizes its process-wide pools to the CPUs of the
     * starting thread, and they keep that set); a later call returns the running engine unchanged.
     */
    public static Engine get(CpuPlan plan) {
        Engine loaded = engine;
        if (loaded == null) {
            synchronized (TensorFlowEngine.class) {
                loaded = engine;
                if (loaded == null) {
                    VigiaHome.prepareDjl();
                    loaded = plan.onInferenceCpus(TensorFlowEngine::start);
                    startedWith = plan;
                    engine = loaded;
                }
            }
        }
        return loaded;
    }

    /** The plan the running engine was started with; {@link CpuPlan#NONE} before it runs or when it was started unpinned. */
    public static CpuPlan cpuPlan() {
        return startedWith;
    }

    private static Engine start() {
        try {
            // TensorFlow makes the pools inference runs on here: pinning only the model's load left them unpinned.
            return Engine.getEngine(NAME);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("Cannot start DJL's TensorFlow engine: " + e.getMessage()
                    + "; check that " + VigiaHome.djlCache() + " is writable and has ~1.2 GB free", e);
        }
    }

    public static Device device(DeviceChoice choice) {
        int gpus = get().getGpuCount();
        return switch (choice) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new dev.vigia.config.InvalidSettingException(dev.vigia.config.Setting.DEVICE,
                            "a GPU was asked for, but DJL finds no CUDA GPU here; use the device auto or cpu");
                }
                yield Device.gpu();
            }
        };
    }
}
