package dev.vigia.models.detect;

import dev.vigia.models.boxes.Detections;
import dev.vigia.models.boxes.ScoreOrder;
import java.util.List;

/**
 * CenterNet's heatmap decode: an object is a local maximum of its class's centre heatmap (the
 * maximum of its {@code peakWindow} x {@code peakWindow} neighbourhood, as a max-pool would find),
 * and its box is the left/top/right/bottom distances predicted at that cell, around
 * {@code cell * stride}. No NMS: peaks already are one per object.
 */
public final class CenterNetDecoder implements OutputDecoder {

    /** Settings from the catalog's {@code head} of a centernet model. */
    public record Head(String heatmap, String boxDistances, int stride, int peakWindow, int maxDetections) {}

    private final Head head;
    private final int gridWidth;
    private final int gridHeight;
    private final int numClasses;
    private final Detections peaks = new Detections(256);
    private int[] order = new int[0];
    private int[] scratch = new int[0];

    public CenterNetDecoder(Head head, int inputWidth, int inputHeight, int numClasses) {
        this.head = head;
        this.gridWidth = inputWidth / head.stride();
        this.gridHeight = inputHeight / head.stride();
        this.numClasses = numClasses;
    }

    @Override
    public List<String> outputNames() {
        return List.of(head.heatmap(), head.boxDistances());
    }

    @Override
    public void decode(float[][] outputs, FrameTransform transform, float scoreThreshold, Detections into) {
        float[] heatmap = outputs[0];
        float[] distances = outputs[1];
        if (heatmap.length != gridWidth * gridHeight * numClasses || distances.length != gridWidth * gridHeight * 4) {
            throw new IllegalStateException("CenterNet outputs have " + heatmap.length + " heatmap and " + distances.length
                    + " box values; expected a " + gridWidth + "x" + gridHeight + " grid of " + numClasses + " classes");
        }
        peaks.clear();
        int radius = head.peakWindow() / 2;
        for (int y = 0; y < gridHeight; y++) {
            for (int x = 0; x < gridWidth; x++) {
                int cell = y * gridWidth + x;
                for (int c = 0; c < numClasses; c++) {
                    float score = heatmap[cell * numClasses + c];
                    if (score > scoreThreshold && isPeak(heatmap, x, y, c, score, radius)) {
                        float cx = x * head.stride();
                        float cy = y * head.stride();
                        int d = cell * 4;
                        peaks.add(cx - distances[d], cy - distances[d + 1], cx + distances[d + 2], cy + distances[d + 3], score, c);
                    }
                }
            }
        }
        int count = topByScore(peaks, head.maxDetections());
        for (int k = 0; k < count; k++) {
            int i = order[k];
            into.add(transform.toSourceX(peaks.x1(i)), transform.toSourceY(peaks.y1(i)),
                    transform.toSourceX(peaks.x2(i)), transform.toSourceY(peaks.y2(i)), peaks.score(i), peaks.classId(i));
        }
    }

    private boolean isPeak(float[] heatmap, int x, int y, int c, float score, int radius) {
        for (int ny = Math.max(0, y - radius); ny <= Math.min(gridHeight - 1, y + radius); ny++) {
            for (int nx = Math.max(0, x - radius); nx <= Math.min(gridWidth - 1, x + radius); nx++) {
                if (heatmap[(ny * gridWidth + nx) * numClasses + c] > score) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Indices of the {@code limit} best peaks in {@link #order}, best first; returns their count. */
    private int topByScore(Detections candidates, int limit) {
        int n = candidates.size();
        if (order.length < n) {
            order = new int[n];
            scratch = new int[n];
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        ScoreOrder.sortDescending(order, n, candidates.scoreArray(), scratch);
        return Math.min(n, limit);
    }
}
