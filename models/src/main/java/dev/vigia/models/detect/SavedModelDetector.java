package dev.vigia.models.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vigia.models.boxes.Detections;
import dev.vigia.models.catalog.InputSpec;
import dev.vigia.models.catalog.LabelMap;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.engine.TensorCopies;
import dev.vigia.models.nms.Suppressor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A detector over a TensorFlow SavedModel: OpenCV preprocessing into a float blob, one DJL
 * inference, the family's {@link OutputDecoder}, then one suppressor (the family's NMS, or none
 * when the caller suppresses). Each phase is timed into the detections.
 *
 * <p>A batch of frames becomes one input tensor of {@code n} images when the graph takes a free
 * batch dimension ({@link SavedModelRunner#batchLimit()}) and batching pays (on a GPU, or when
 * {@link DetectorOptions.BatchedInference#ALWAYS} asks); the outputs are split by batch index
 * and each frame is decoded on its own. Otherwise the frames run one by one.
 *
 * <p>Frames given whole are prepared on the calling thread; {@link #newPreparer()} lets another
 * thread prepare them ahead ({@link #detectPrepared}), with the same result.
 */
public final class SavedModelDetector implements Detector {

    private final String name;
    private final SavedModelRunner runner;
    private final ImagePreprocessor preprocessor;
    private final OutputDecoder decoder;
    private final LabelMap labels;
    private final float scoreThreshold;
    private final Suppressor suppressor;
    private final Shape inputShape;
    private final int batchLimit;
    private final boolean batchInOneInference;
    /** Each output of the last inference, whole (all batch indexes). */
    private final float[][] outputs;
    /** Each output of one batch index, for the decoder; reused across frames. */
    private final float[][] frameOutputs;
    /** Prepares the frames this detector is given whole, on the calling thread. */
    private final FramePreparer ownPreparer;
    private final List<PreparedFrame> ownFrames = new ArrayList<>();
    private ByteBuffer batchInput;

    public SavedModelDetector(String name, SavedModelRunner runner, ImagePreprocessor preprocessor,
            OutputDecoder decoder, LabelMap labels, float scoreThreshold, Suppressor suppressor) {
        this(name, runner, preprocessor, decoder, labels, scoreThreshold, suppressor, DetectorOptions.BatchedInference.GPU_ONLY);
    }

    public SavedModelDetector(String name, SavedModelRunner runner, ImagePreprocessor preprocessor,
            OutputDecoder decoder, LabelMap labels, float scoreThreshold, Suppressor suppressor,
            DetectorOptions.BatchedInference batchedInference) {
        this.name = name;
        this.runner = runner;
        this.preprocessor = preprocessor;
        this.decoder = decoder;
        this.labels = labels;
        this.scoreThreshold = scoreThreshold;
        this.suppressor = suppressor;
        this.inputShape = new Shape(preprocessor.tensorShape());
        this.batchLimit = runner.batchLimit();
        this.batchInOneInference = batchLimit > 1
                && (batchedInference == DetectorOptions.BatchedInference.ALWAYS || runner.device().isGpu());
        this.outputs = new float[decoder.outputNames().size()][];
        this.frameOutputs = new float[outputs.length][];
        this.ownPreparer = new FramePreparer(preprocessor);
        this.ownFrames.add(new PreparedFrame());
    }

    @Override
    public void detect(Mat bgrFrame, Detections into) {
        ownPreparer.prepare(bgrFrame, ownFrames.get(0));
        inferOne(ownFrames.get(0), into);
    }

    /**
     * One inference over all frames when the graph takes them at once (in chunks of its limit
     * otherwise). Each frame's detections carry its share of the batch's preprocessing and
     * inference time, and its own decoding and suppression time.
     */
    @Override
    public void detectBatch(List<Mat> bgrFrames, List<Detections> into) {
        checkSizes(bgrFrames.size(), into.size());
        while (ownFrames.size() < bgrFrames.size()) {
            ownFrames.add(new PreparedFrame());
        }
        for (int i = 0; i < bgrFrames.size(); i++) {
            ownPreparer.prepare(bgrFrames.get(i), ownFrames.get(i));
        }
        detectPrepared(ownFrames.subList(0, bgrFrames.size()), into);
    }

    @Override
    public Optional<FramePreparer> newPreparer() {
        return Optional.of(new FramePreparer(preprocessor.another()));
    }

    @Override
    public void detectPrepared(List<PreparedFrame> frames, List<Detections> into) {
        checkSizes(frames.size(), into.size());
        int limit = batchInOneInference ? batchLimit : 1;
        for (int first = 0; first < frames.size(); first += limit) {
            int count = Math.min(limit, frames.size() - first);
            if (count == 1) {
                inferOne(frames.get(first), into.get(first));
            } else {
                inferChunk(frames.subList(first, first + count), into.subList(first, first + count));
            }
        }
    }

    private static void checkSizes(int frames, int results) {
        if (frames != results) {
            throw new IllegalArgumentException(frames + " frames but " + results + " results to fill");
        }
    }

    private void inferOne(PreparedFrame frame, Detections into) {
        requirePrepared(frame);
        into.clear();
        into.setLabels(labels);
        long start = System.nanoTime();
        try (NDManager scope = runner.manager().newSubManager()) {
            NDArray input = scope.create(ImagePreprocessor.bufferOf(frame.blob), inputShape, inputType());
            long prepared = System.nanoTime();
            Map<String, NDArray> results = runner.run(new NDList(input));
            long inferred = System.nanoTime();
            readOutputs(results);
            decodeAndSuppress(outputs, frame.transform, into, frame.prepareNanos + prepared - start, inferred - prepared);
        }
    }

    private void inferChunk(List<PreparedFrame> frames, List<Detections> into) {
        int count = frames.size();
        long start = System.nanoTime();
        int imageBytes = preprocessor.imageBytes();
        if (batchInput == null || batchInput.capacity() < count * imageBytes) {
            batchInput = ByteBuffer.allocateDirect(count * imageBytes).order(ByteOrder.nativeOrder());
        }
        batchInput.clear();
        for (int i = 0; i < count; i++) {
            requirePrepared(frames.get(i));
            ImagePreprocessor.copyBlobInto(frames.get(i).blob, batchInput, i * imageBytes);
        }
        try (NDManager scope = runner.manager().newSubManager()) {
            // A full batch hands over the buffer itself; a shorter last batch a view of its start.
            ByteBuffer images = batchInput.capacity() == count * imageBytes ? batchInput
                    : batchInput.slice(0, count * imageBytes).order(ByteOrder.nativeOrder());
            NDArray input = scope.create(images, new Shape(preprocessor.tensorShape(count)), inputType());
            long prepared = System.nanoTime();
            Map<String, NDArray> results = runner.run(new NDList(input));
            long inferred = System.nanoTime();
            readOutputs(results);
            for (int i = 0; i < count; i++) {
                Detections frame = into.get(i);
                frame.clear();
                frame.setLabels(labels);
                sliceOutputs(i, count);
                decodeAndSuppress(frameOutputs, frames.get(i).transform, frame, frames.get(i).prepareNanos + (prepared - start) / count,
                        (inferred - prepared) / count);
            }
        }
    }

    private static void requirePrepared(PreparedFrame frame) {
        if (!frame.isPrepared()) {
            throw new IllegalArgumentException("A frame reached the detector without being prepared");
        }
    }

    private void decodeAndSuppress(float[][] frameOutputs, FrameTransform transform, Detections into,
            long prepareNanos, long inferNanos) {
        long decodeStart = System.nanoTime();
        decoder.decode(frameOutputs, transform, scoreThreshold, into);
        long decoded = System.nanoTime();
        int candidates = into.size();
        if (suppressor != null) {
            suppressor.apply(into);
        }
        into.setTimings(prepareNanos, inferNanos, decoded - decodeStart);
        into.setSuppression(candidates, System.nanoTime() - decoded);
    }

    /** Batch index {@code index} of each output, copied into arrays reused across frames. */
    private void sliceOutputs(int index, int count) {
        for (int k = 0; k < outputs.length; k++) {
            int per = outputs[k].length / count;
            if (frameOutputs[k] == null || frameOutputs[k].length != per) {
                frameOutputs[k] = new float[per];
            }
            System.arraycopy(outputs[k], index * per, frameOutputs[k], 0, per);
        }
    }

    private DataType inputType() {
        return preprocessor.elementType() == InputSpec.ElementType.UINT8 ? DataType.UINT8 : DataType.FLOAT32;
    }

    /** Copies each needed output into a float array reused across frames. */
    private void readOutputs(Map<String, NDArray> results) {
        List<String> names = decoder.outputNames();
        for (int i = 0; i < names.size(); i++) {
            NDArray array = results.get(names.get(i));
            if (array == null) {
                throw new IllegalStateException("Model '" + name + "' has no output '" + names.get(i)
                        + "'; it has " + results.keySet());
            }
            int size = Math.toIntExact(array.size());
            if (outputs[i] == null || outputs[i].length != size) {
                outputs[i] = new float[size];
            }
            TensorCopies.copyFloats(array, outputs[i]);
        }
    }

    @Override
    public int batchLimit() {
        return batchLimit;
    }

    @Override
    public boolean batchesInOneInference(int frames) {
        return batchInOneInference && frames <= batchLimit;
    }

    @Override
    public LabelMap labels() {
        return labels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        ownPreparer.close();
        ownFrames.forEach(PreparedFrame::close);
        runner.close();
    }
}
