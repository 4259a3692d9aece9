package dev.vigia.pipeline.source;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.vigia.config.UserError;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network stream (rtsp, rtmp, http, srt...) demuxed and decoded with FFmpeg's own API, with
 * FFmpeg's interrupt callback installed before the connection opens.
 *
 * <p>Why not JavaCV's grabber: it creates its format context inside {@code start()}, so no
 * interrupt callback can be set before FFmpeg copies it into the connection; and FFmpeg's
 * {@code timeout} options do not cover every stall (a frozen RTSP server leaves
 * {@code av_read_frame} blocked for as long as the freeze lasts). Here every blocking call
 * (open, probe, read) has a deadline that the callback enforces, and {@link #interrupt()} or
 * {@link #close()} from another thread ends a blocked call at once.
 */
final class FfmpegStreamSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegStreamSource.class);
    private static final int EAGAIN = -11;
    private static final int MAX_BAD_PACKETS_IN_A_ROW = 200;
    /** How much of a stream FFmpeg reads to learn its codec and frame rate (its default is 5 s). */
    private static final long PROBE_MICROS = 1_000_000;
    private static final Duration MIN_PROBE_DEADLINE = Duration.ofSeconds(3);

    /** Sources by the address of their opaque key: FFmpeg hands the key back to the callback. */
    private static final Map<Long, FfmpegStreamSource> BY_KEY = new ConcurrentHashMap<>();
    /**
     * One callback for every stream: JavaCPP has a small fixed number of native thunks per
     * callback class, so one instance is shared and the opaque pointer says which stream asks.
     */
    private static final AVIOInterruptCB.Callback_Pointer INTERRUPT = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            FfmpegStreamSource source = opaque == null ? null : BY_KEY.get(opaque.address());
            return source == null || source.shouldInterrupt() ? 1 : 0;
        }
    };

    private final String url;
    private final String displayName;
    private final Duration timeout;
    private final LongPointer key = new LongPointer(1);
    private final Object nativeLock = new Object();
    private volatile boolean interruptRequested;
    private volatile boolean closed;
    /** {@link System#nanoTime()} after which the blocking call in progress is abandoned; 0 = none. */
    private volatile long deadlineNanos;

    private AVFormatContext format;
    private AVCodecContext decoder;
    private AVPacket packet;
    private AVFrame frame;
    private SwsContext scaler;
    private final PointerPointer<BytePointer> destination = new PointerPointer<>(4);
    private final IntPointer destinationStride = new IntPointer(4);
    private int videoStream;
    private double timeBase;
    private SourceInfo info;
    private int outputWidth;
    private int outputHeight;
    private long badFrames;
    private long timestampMicros;

    private FfmpegStreamSource(String url, String displayName, Duration timeout) {
        this.url = url;
        this.displayName = displayName;
        this.timeout = timeout;
    }

    /**
     * Connects and probes the stream; {@code outputSize}, when given, is the size frames are
     * delivered at (the first connection's, so a camera that comes back at another size does
     * not change the pipeline's frame size).
     *
     * @throws UserError when the stream cannot be opened within the timeout
     */
    static FfmpegStreamSource open(String url, FfmpegSource.StreamOptions options, Size outputSize) {
        FfmpegErrorCounter.install();
        FfmpegStreamSource source = new FfmpegStreamSource(url, SourceNames.display(url), options.timeout());
        try {
            source.connect(options, outputSize);
            return source;
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private void connect(FfmpegSource.StreamOptions options, Size outputSize) {
        BY_KEY.put(key.address(), this);
        format = avformat_alloc_context();
        AVIOInterruptCB callback = format.interrupt_callback();
        callback.callback(INTERRUPT);
        callback.opaque(key);
        AVDictionary dictionary = new AVDictionary(null);
        options.forEachOption(url, (name, value) -> av_dict_set(dictionary, name, value, 0));
        av_dict_set(dictionary, "analyzeduration", Long.toString(PROBE_MICROS), 0);
        startDeadline();
        int ret = avformat_open_input(format, url, null, dictionary);
        av_dict_free(dictionary);
        if (ret < 0) {
            // FFmpeg frees the context of a failed open.
            format = null;
            throw new UserError(cannotOpen(ret));
        }
        // Probing reads packets until it knows the stream (at most PROBE_MICROS of it). An interrupt
        // in the middle of a packet leaves an interleaved RTSP connection out of step, so an
        // interrupted probe is a failed open, never a connection to read on.
        deadlineNanos = System.nanoTime() + Math.max(timeout.toNanos(), MIN_PROBE_DEADLINE.toNanos());
        ret = avformat_find_stream_info(format, (PointerPointer<?>) null);
        if (ret < 0 || shouldInterrupt()) {
            throw new UserError(cannotOpen(ret));
        }
        videoStream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        if (videoStream < 0) {
            throw new UserError("'" + displayName + "' has no video stream");
        }
        AVStream stream = format.streams(videoStream);
        AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
        if (codec == null) {
            throw new UserError("'" + displayName + "' uses a video codec this FFmpeg build cannot decode");
        }
        decoder = avcodec_alloc_context3(codec);
        avcodec_parameters_to_context(decoder, stream.codecpar());
        // Decode on the reading thread: FFmpeg's own decoder threads would be attached to the JVM
        // by the log callback and outlive a reconnect in thread counts; a camera stream decodes
        // far faster than it arrives on one core.
        decoder.thread_count(1);
        ret = avcodec_open2(decoder, codec, (AVDictionary) null);
        if (ret < 0) {
            throw new UserError("Cannot decode '" + displayName + "': " + describe(ret));
        }
        deadlineNanos = 0;
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        timeBase = av_q2d(stream.time_base());
        int width = decoder.width();
        int height = decoder.height();
        if (width <= 0 || height <= 0) {
            throw new UserError("'" + displayName + "' has no video stream");
        }
        outputWidth = outputSize != null ? outputSize.width() : width;
        outputHeight = outputSize != null ? outputSize.height() : height;
        double fps = frameRate(stream);
        info = new SourceInfo(displayName, outputWidth, outputHeight, fps, true, -1);
    }

    private static double frameRate(AVStream stream) {
        double rate = stream.avg_frame_rate().den() > 0 ? av_q2d(stream.avg_frame_rate()) : 0;
        if (!(rate > 0 && rate < 1000) && stream.r_frame_rate().den() > 0) {
            rate = av_q2d(stream.r_frame_rate());
        }
        return rate > 0 && rate < 1000 ? rate : 30;
    }

    private String cannotOpen(int ret) {
        String reason = interruptRequested || closed ? "interrupted"
                : deadlinePassed() ? "timed out after " + timeout.toSeconds() + " s" : describe(ret);
        return "Cannot open '" + displayName + "': " + reason;
    }

    private void startDeadline() {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    private boolean deadlinePassed() {
        long deadline = deadlineNanos;
        return deadline != 0 && System.nanoTime() - deadline > 0;
    }

    private boolean shouldInterrupt() {
        return interruptRequested || closed || deadlinePassed();
    }

    /** FFmpeg's text for an error code, e.g. "Connection refused". */
    static String describe(int errorCode) {
        byte[] text = new byte[256];
        if (av_strerror(errorCode, text, text.length) != 0) {
            return "FFmpeg error " + errorCode;
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Status read(Mat into) {
        synchronized (nativeLock) {
            if (closed || format == null) {
                return Status.END_OF_STREAM;
            }
            int badInARow = 0;
            while (true) {
                if (interruptRequested) {
                    return Status.TIMEOUT;
                }
                // Drain the decoder before feeding it: it may hold frames from earlier packets.
                long errorsBefore = FfmpegErrorCounter.errors();
                int ret = avcodec_receive_frame(decoder, frame);
                if (ret >= 0) {
                    deadlineNanos = 0;
                    if (FfmpegErrorCounter.errors() > errorsBefore) {
                        badFrames++;
                    }
                    convert(into);
                    long pts = frame.best_effort_timestamp();
                    timestampMicros = pts == Long.MIN_VALUE ? timestampMicros : Math.round(pts * timeBase * 1e6);
                    return Status.FRAME;
                }
                if (ret != EAGAIN) {
                    badFrames++;
                }
                startDeadline();
                ret = av_read_frame(format, packet);
                if (ret == EAGAIN) {
                    // Some demuxers (RTSP among them) have no packet ready yet; not a lost stream.
                    continue;
                }
                if (ret < 0) {
                    boolean abandoned = shouldInterrupt();
                    deadlineNanos = 0;
                    LOG.debug("Reading {} ended: {}", displayName, abandoned ? "interrupted" : describe(ret));
                    return abandoned ? Status.TIMEOUT : Status.DISCONNECTED;
                }
                if (packet.stream_index() != videoStream) {
                    av_packet_unref(packet);
                    continue;
                }
                ret = avcodec_send_packet(decoder, packet);
                av_packet_unref(packet);
                if (ret < 0 && ret != EAGAIN) {
                    badFrames++;
                    if (++badInARow >= MAX_BAD_PACKETS_IN_A_ROW) {
                        LOG.debug("{}: {} undecodable packets in a row; reopening", displayName, badInARow);
                        return Status.DISCONNECTED;
                    }
                } else {
                    badInARow = 0;
                }
            }
        }
    }

    /** Decoded frame to BGR at the output size, straight into the caller's Mat (one pass, no copy). */
    private void convert(Mat into) {
        scaler = sws_getCachedContext(scaler, frame.width(), frame.height(), frame.format(), outputWidth, outputHeight,
                AV_PIX_FMT_BGR24, SWS_BILINEAR, null, null, (double[]) null);
        into.create(outputHeight, outputWidth, CV_8UC3);
        destination.put(0, into.data());
        destinationStride.put(0, (int) into.step());
        sws_scale(scaler, frame.data(), frame.linesize(), 0, frame.height(), destination, destinationStride);
    }

    @Override
    public long timestampMicros() {
        return timestampMicros;
    }

    @Override
    public long badFrames() {
        return badFrames;
    }

    /** Ends the blocking call in progress (from any thread); the read returns TIMEOUT and the stream is done. */
    @Override
    public void interrupt() {
        interruptRequested = true;
    }

    @Override
    public void close() {
        closed = true;
        // The callback now interrupts whatever FFmpeg call is blocked; once it returns, free.
        synchronized (nativeLock) {
            if (frame != null) {
                av_frame_free(frame);
                frame = null;
            }
            if (packet != null) {
                av_packet_free(packet);
                packet = null;
            }
            if (decoder != null) {
                avcodec_free_context(decoder);
                decoder = null;
            }
            if (format != null) {
                avformat_close_input(format);
                format = null;
            }
            if (scaler != null) {
                sws_freeContext(scaler);
                scaler = null;
            }
            BY_KEY.remove(key.address());
        }
    }
}
