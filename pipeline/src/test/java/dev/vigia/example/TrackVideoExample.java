package dev.vigia.example;

import dev.vigia.pipeline.Engine;
import dev.vigia.pipeline.PipelineStats;
import dev.vigia.pipeline.Vigia;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tracks people in a video and counts the frames in which each track id is seen. */
public final class TrackVideoExample {

    public static Map<Integer, Integer> framesPerTrack(String video) {
        Map<Integer, Integer> seen = new ConcurrentHashMap<>();
        try (Engine engine = Vigia.engine()
                .source("lobby", video)      // a file, an image folder, webcam:0 or rtsp://...
                .detector("nanodet")         // fetched and converted on first use
                .tracker("bytetrack")
                .onFrame(frame -> {
                    for (int i = 0; i < frame.tracks().size(); i++) {
                        seen.merge(frame.tracks().id(i), 1, Integer::sum);
                    }
                })
                .start()) {
            PipelineStats totals = engine.awaitTermination();
            System.out.printf("%d frames at %.1f fps, %d tracks%n", totals.framesOut(), totals.fps(), seen.size());
        }
        return seen;
    }

    public static void main(String[] args) {
        framesPerTrack(args[0]);
    }
}
