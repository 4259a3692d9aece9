package dev.vigia.models.segment;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vigia.models.engine.SavedModelRunner;
import dev.vigia.models.engine.TensorCopies;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Whole-frame person alpha for one video: the frame goes in with the four recurrent states the
 * previous frame left, which is how Robust Video Matting stays steady from frame to frame.
 * {@link #reset()} forgets them (a cut, a reconnect, another size). One thread.
 */
public final class VideoMatter implements AutoCloseable {

    private static final int STATES = 4;

    private final String modelId;
    private final MattingModel.Head head;
    private final SavedModelRunner runner;
    private final float[][] states = new float[STATES][];
    private final long[][] stateShapes = new long[STATES][];
    private final Mat rgb = new Mat();
    private final Mat rgbFloat = new Mat();

    VideoMatter(String modelId, MattingModel.Head head, SavedModelRunner runner) {
        this.modelId = modelId;
        this.head = head;
        this.runner = runner;
        reset();
    }

    public String modelId() {
        return modelId;
    }

    /** Starts a new video: the next frame is matted without memory of the previous ones. */
    public void reset() {
        for (int i = 0; i < STATES; i++) {
            states[i] = new float[] {0};
            stateShapes[i] = new long[] {1, 1, 1, 1};
        }
    }

    /** The person alpha of {@code bgrFrame}: a CV_32F image of its size, 0 background to 1 person. */
    public Mat alpha(Mat bgrFrame) {
        int width = bgrFrame.cols();
        int height = bgrFrame.rows();
        cvtColor(bgrFrame, rgb, COLOR_BGR2RGB);
        rgb.convertTo(rgbFloat, CV_32FC3, 1 / 255.0, 0);
        try (NDManager scope = runner.manager().newSubManager()) {
            NDList inputs = new NDList();
            inputs.add(named(scope.create(TensorCopies.bytesOf(rgbFloat), new Shape(1, height, width, 3), DataType.FLOAT32),
                    head.image()));
            inputs.add(named(scope.create(new float[] {head.downsampleRatio()}, new Shape()), head.ratio()));
            for (int i = 0; i < STATES; i++) {
                inputs.add(named(scope.create(states[i], new Shape(stateShapes[i])), head.statesIn().get(i)));
            }
            Map<String, NDArray> outputs = runner.run(inputs);
            for (int i = 0; i < STATES; i++) {
                NDArray state = outputs.get(head.statesOut().get(i));
                states[i] = state.toFloatArray();
                stateShapes[i] = state.getShape().getShape();
            }
            float[] alpha = outputs.get(head.alpha()).toFloatArray();
            Mat result = new Mat(height, width, CV_32F);
            new FloatPointer(result.data()).put(alpha);
            return result;
        }
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    @Override
    public void close() {
        runner.close();
        rgb.close();
        rgbFloat.close();
    }
}
