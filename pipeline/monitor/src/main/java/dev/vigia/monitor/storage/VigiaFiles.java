package dev.vigia.monitor.storage;

import dev.vigia.config.Names;
import java.util.regex.Pattern;

/**
 * The names of the files Vigía makes, in one place. Retention deletes and the dashboard serves
 * only files whose path, relative to their root, has one of these forms, so that a root shared
 * with the user's own files ({@code recordings: {dir: .}}) never loses or exposes them.
 * <ul>
 *   <li>clips: {@code STEM/STEM-yyyyMMdd-HHmmss[-N].mp4} under the recordings folder (as
 *       {@code ClipRecorder} names them);
 *   <li>snapshots: {@code STEM/EVENT.jpg} under {@code EVENTS/snapshots}, EVENT being
 *       {@code CAMERA-MILLIS-TRACK} (as {@code TrackedObjects} makes an object's id);
 *   <li>rotated event logs: {@code events-yyyyMMdd-HHmmss[-N].jsonl} beside {@code events.jsonl}.
 * </ul>
 * STEM is the camera's name, which follows {@link Names}.
 */
public final class VigiaFiles {

    /** A kind of file: its name for logs and metrics, its relative path's form, how many folders deep it lies. */
    public record Kind(String name, Pattern relativePath, int depth) {

        /** Whether {@code relative} (parts separated by '/') names a file of this kind. */
        public boolean matches(String relative) {
            return relative != null && relativePath.matcher(relative).matches();
        }
    }

    private static final String STEM = "(?<stem>" + Names.PATTERN.pattern() + ")";
    private static final String STAMP = "\\d{8}-\\d{6}(-\\d{1,6})?";

    public static final Kind CLIPS = new Kind("clip", Pattern.compile(STEM + "/\\k<stem>-" + STAMP + "\\.mp4"), 2);
    public static final Kind SNAPSHOTS = new Kind("snapshot", Pattern.compile(STEM + "/\\k<stem>-\\d{1,16}-\\d{1,10}\\.jpg"), 2);
    public static final Kind EVENT_LOGS = new Kind("event log", Pattern.compile("events-" + STAMP + "\\.jsonl"), 1);

    /** The log events are appended to, beside its rotated files. */
    public static final String CURRENT_EVENT_LOG = "events.jsonl";

    private VigiaFiles() {}

    /** The name a rotated event log gets: {@code stamp} is yyyyMMdd-HHmmss, {@code n} above 1 tells apart two in one second. */
    public static String rotatedEventLog(String stamp, int n) {
        return "events-" + stamp + (n > 1 ? "-" + n : "") + ".jsonl";
    }
}
