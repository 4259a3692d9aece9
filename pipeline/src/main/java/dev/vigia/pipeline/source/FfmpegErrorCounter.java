package dev.vigia.pipeline.source;

import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over FFmpeg's log: errors are counted (a source compares the count before and after a
 * read to tell a damaged frame) and go to debug logging instead of the terminal.
 *
 * <p>FFmpeg's log callback is process-wide, so with several sources decoding at once an error is
 * counted against whichever source looks first; fine for reporting, not for accounting.
 */
final class FfmpegErrorCounter {

    private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
    private static final AtomicLong ERRORS = new AtomicLong();
    private static volatile LogCallback installed;

    private FfmpegErrorCounter() {}

    static synchronized void install() {
        if (installed != null) {
            return;
        }
        installed = new LogCallback() {
            @Override
            public void call(int level, BytePointer message) {
                if (level <= avutil.AV_LOG_ERROR) {
                    ERRORS.incrementAndGet();
                }
                if (LOG.isDebugEnabled() && level <= avutil.AV_LOG_WARNING) {
                    LOG.debug(message.getString().strip());
                }
            }
        };
        avutil.setLogCallback(installed);
        avutil.av_log_set_level(avutil.AV_LOG_WARNING);
    }

    static long errors() {
        return ERRORS.get();
    }
}
