package dev.vigia.pipeline;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.pipeline.source.SourceNames;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One source of an engine: its name (unique; outputs and statistics are named after it), what to
 * read (a video file, an image folder or glob, {@code webcam[:N]}, an {@code rtsp://} or other
 * stream address), how to capture it, every how many frames to detect, an optional cap on the
 * frames per second taken from it (0: none), and an optional detection rate in frames per second
 * (0: none; when given it sets the detection interval from the source's own frame rate once the
 * source is open, and the frames between are tracked by prediction).
 */
public record SourceSpec(String name, String uri, CaptureMode mode, int detectEvery, double fpsCap, double detectFps) {

    public SourceSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A source needs a name");
        }
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("Source '" + name + "' needs something to read");
        }
        if (mode == null) {
            throw new IllegalArgumentException("Source '" + name + "' needs a capture mode (AUTO: by its kind)");
        }
        if (detectEvery < 1) {
            throw new IllegalArgumentException("Source '" + name + "': detect every must be 1 or more, got " + detectEvery);
        }
        if (!(fpsCap >= 0)) {
            throw new IllegalArgumentException("Source '" + name + "': the fps cap must be 0 (none) or more, got " + fpsCap);
        }
        if (!(detectFps >= 0)) {
            throw new IllegalArgumentException("Source '" + name + "': the detection rate must be 0 (none) or more frames per second, got " + detectFps);
        }
    }

    public SourceSpec(String name, String uri, CaptureMode mode, int detectEvery, double fpsCap) {
        this(name, uri, mode, detectEvery, fpsCap, 0);
    }

    /** A source captured in the mode its kind calls for, detected on every frame, uncapped. */
    public static SourceSpec of(String name, String uri) {
        return new SourceSpec(name, uri, CaptureMode.AUTO, 1, 0);
    }

    public SourceSpec mode(CaptureMode captureMode) {
        return new SourceSpec(name, uri, captureMode, detectEvery, fpsCap, detectFps);
    }

    public SourceSpec detectEvery(int frames) {
        return new SourceSpec(name, uri, mode, frames, fpsCap, detectFps);
    }

    public SourceSpec fpsCap(double fps) {
        return new SourceSpec(name, uri, mode, detectEvery, fps, detectFps);
    }

    /** Detects about {@code fps} frames a second (every n-th frame, n from the source's frame rate). */
    public SourceSpec detectFps(double fps) {
        return new SourceSpec(name, uri, mode, detectEvery, fpsCap, fps);
    }

    /** The detection interval for a source opened at {@code sourceFps}: {@link #detectEvery} unless a detection rate was given. */
    public int detectEveryAt(double sourceFps) {
        if (detectFps <= 0 || !(sourceFps > 0)) {
            return detectEvery;
        }
        double capped = fpsCap > 0 ? Math.min(fpsCap, sourceFps) : sourceFps;
        return Math.max(1, (int) Math.round(capped / detectFps));
    }

    /**
     * The names of {@code sources}, in order, once each is known to be its own: two sources of one
     * name, or whose names would give the same output files, are an invalid {@code source} setting.
     */
    public static Set<String> requireDistinctNames(List<SourceSpec> sources) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> bases = new HashSet<>();
        for (SourceSpec spec : sources) {
            if (!names.add(spec.name())) {
                throw new InvalidSettingException(Setting.SOURCE, "Two sources are named '" + spec.name() + "'; give each a name of its own");
            }
            if (!bases.add(SourceNames.nameForFiles(spec.name()))) {
                throw new InvalidSettingException(Setting.SOURCE, "Sources '" + spec.name() + "' and another would write the same files ("
                        + SourceNames.nameForFiles(spec.name()) + ".*); give them names that differ in letters or digits");
            }
        }
        return names;
    }
}
