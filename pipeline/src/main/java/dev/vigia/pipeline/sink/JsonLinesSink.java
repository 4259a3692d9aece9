package dev.vigia.pipeline.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.mask.CocoRle;
import dev.vigia.pipeline.mask.MaskStage;
import dev.vigia.pipeline.mask.TrackMasks;
import dev.vigia.pipeline.track.Tracks;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * One JSON object per frame: {@code {"frame": N, "timestamp_ms": T, "tracks": [{"id", "label",
 * "score", "box": [x1, y1, x2, y2]}]}}, frames counted from 1, T in ms of media time (files) or
 * since the pipeline started (live). A track with a mask adds {@code "mask": {"size": [h, w],
 * "counts": "..."}}, COCO's compressed RLE of the whole frame.
 */
public final class JsonLinesSink extends TextFileSink {

    private static final JsonFactory JSON = new JsonFactory();

    private final LabelMap labels;
    private final StringWriter line = new StringWriter(1024);

    public JsonLinesSink(Path file, LabelMap labels) {
        super(file);
        this.labels = labels;
    }

    @Override
    public String name() {
        return "jsonl";
    }

    @Override
    void write(FrameEvent event, StringBuilder out) {
        line.getBuffer().setLength(0);
        Tracks t = event.tracks;
        try (JsonGenerator json = JSON.createGenerator(line)) {
            writeFrame(event, t, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.append(line.getBuffer()).append('\n');
    }

    private void writeFrame(FrameEvent event, Tracks t, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("frame", event.frameIndex + 1);
        json.writeNumberField("timestamp_ms", Math.round(event.timestampMicros / 100.0) / 10.0);
        json.writeArrayFieldStart("tracks");
        TrackMasks masks = event.attribute(MaskStage.MASKS);
        for (int i = 0; i < t.size(); i++) {
            json.writeStartObject();
            json.writeNumberField("id", t.id(i));
            json.writeStringField("label", labels.name(t.classId(i)));
            json.writeNumberField("score", Math.round(t.score(i) * 10000) / 10000.0);
            json.writeArrayFieldStart("box");
            json.writeNumber(Math.round(t.x1(i) * 10) / 10.0);
            json.writeNumber(Math.round(t.y1(i) * 10) / 10.0);
            json.writeNumber(Math.round(t.x2(i) * 10) / 10.0);
            json.writeNumber(Math.round(t.y2(i) * 10) / 10.0);
            json.writeEndArray();
            TrackMasks.Placed mask = masks.of(i);
            if (mask != null) {
                json.writeObjectFieldStart("mask");
                json.writeArrayFieldStart("size");
                json.writeNumber(event.image.rows());
                json.writeNumber(event.image.cols());
                json.writeEndArray();
                json.writeStringField("counts", CocoRle.encode(event.image.cols(), event.image.rows(), mask.mask, mask.left, mask.top));
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
