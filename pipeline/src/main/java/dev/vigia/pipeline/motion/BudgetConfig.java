package dev.vigia.pipeline.motion;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import java.util.Locale;

/**
 * One engine's detection budget ({@link DetectionBudget}): how many detections a second its
 * motion-gated sources may run together, and each source's floor. Keys in cameras.yaml:
 * {@code detect_budget} ({@code auto} or a number) and {@code detect_budget_floor}; described in
 * app/docs/motion.md.
 *
 * @param perSecond detections a second for all motion-gated sources together (0.1..10000), or
 *     {@link #AUTO} (0): measured from the detector's own speed as the engine runs
 * @param floorPerSecond each source's share never falls below this (0..60, default 1), nor below
 *     what it can use (its {@code detect_fps}); all floors together take at most half the budget
 */
public record BudgetConfig(double perSecond, double floorPerSecond) {

    /** {@link #perSecond} of a budget measured from the detector's speed. */
    public static final double AUTO = 0;
    public static final double DEFAULT_FLOOR = 1;

    public BudgetConfig {
        if (!(perSecond == AUTO || perSecond >= 0.1 && perSecond <= 10_000)) {
            throw new InvalidSettingException(Setting.DETECT_BUDGET, number(perSecond),
                    "detect_budget must be auto or 0.1..10000 detections a second, got " + number(perSecond));
        }
        if (!(floorPerSecond >= 0 && floorPerSecond <= 60)) {
            throw new InvalidSettingException(Setting.DETECT_BUDGET_FLOOR, number(floorPerSecond),
                    "detect_budget_floor must be 0..60 detections a second, got " + number(floorPerSecond));
        }
    }

    /** A budget measured from the detector's speed, with the default floor. */
    public static BudgetConfig auto() {
        return new BudgetConfig(AUTO, DEFAULT_FLOOR);
    }

    /** A budget of {@code detectionsPerSecond}, with the default floor. */
    public static BudgetConfig of(double detectionsPerSecond) {
        return new BudgetConfig(detectionsPerSecond, DEFAULT_FLOOR);
    }

    /**
     * {@code auto} or a number of detections a second, as written in a config or on the command
     * line; anything else throws an {@link InvalidSettingException} naming the key and the value.
     */
    public static BudgetConfig parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("auto")) {
            return auto();
        }
        try {
            return of(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(Setting.DETECT_BUDGET, text,
                    "detect_budget must be auto or 0.1..10000 detections a second, got '" + text + "'");
        }
    }

    public BudgetConfig withFloor(double detectionsPerSecond) {
        return new BudgetConfig(perSecond, detectionsPerSecond);
    }

    public boolean isAuto() {
        return perSecond == AUTO;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
