package dev.vigia.app.common;

import dev.vigia.config.UserError;
import dev.vigia.pipeline.zones.Anchor;
import dev.vigia.pipeline.zones.CountingLayout;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The lines, zones and counting settings that {@code count} and {@code eval count} share, in the same syntax. */
public final class CountingOptions {

    @Option(names = "--line", paramLabel = "NAME=x1,y1,x2,y2",
            description = "A counting line from A to B in pixels; crossing to the positive side of (B-A)x(P-A) is 'in'. Repeatable.")
    List<String> lines = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "NAME=x1,y1,x2,y2,x3,y3,...", description = "A zone polygon in pixels. Repeatable.")
    List<String> zones = new ArrayList<>();

    @Option(names = "--anchor", paramLabel = "bottom_center|center", defaultValue = "bottom_center",
            description = "The point of a box that counts (default: ${DEFAULT-VALUE}).")
    String anchor;

    @Option(names = "--min-frames", paramLabel = "K", defaultValue = "2",
            description = "Observations the new side must hold before a crossing counts (default: ${DEFAULT-VALUE}).")
    int minFrames;

    @Option(names = "--inertia", paramLabel = "K", defaultValue = "3",
            description = "Observations inside (outside) before a track has entered (left) a zone (default: ${DEFAULT-VALUE}).")
    int inertia;

    /** The layout these flags describe; a bad flag is a {@link UserError} naming it. */
    public CountingLayout layout() {
        if (lines.isEmpty() && zones.isEmpty()) {
            throw new UserError("Nothing to count; give at least one --line NAME=x1,y1,x2,y2 or --zone NAME=x1,y1,x2,y2,x3,y3");
        }
        Anchor point = Anchor.parse(anchor);
        if (point == null) {
            throw new UserError("--anchor '" + anchor + "' is not bottom_center or center");
        }
        if (minFrames < 1 || inertia < 1) {
            throw new UserError("--min-frames and --inertia must be 1 or more, got " + minFrames + " and " + inertia);
        }
        List<CountingLayout.Line> parsedLines = new ArrayList<>();
        for (String text : lines) {
            try {
                parsedLines.add(CountingLayout.parseLine(text));
            } catch (IllegalArgumentException e) {
                throw new UserError("--line '" + text + "': " + e.getMessage());
            }
        }
        List<CountingLayout.Zone> parsedZones = new ArrayList<>();
        for (String text : zones) {
            try {
                parsedZones.add(CountingLayout.parseZone(text));
            } catch (IllegalArgumentException e) {
                throw new UserError("--zone '" + text + "': " + e.getMessage());
            }
        }
        return new CountingLayout(parsedLines, parsedZones, point, minFrames, inertia);
    }
}
