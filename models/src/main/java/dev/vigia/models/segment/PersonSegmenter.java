package dev.vigia.models.segment;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vigia.models.catalog.ModelSpec;
import dev.vigia.models.detect.ImagePreprocessor;
import dev.vigia.models.engine.SavedModelRunner;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A person segmenter (MediaPipe selfie, Google Meet) run on one person's crop: the box prompts it,
 * as the models were made for one person filling the picture, not for wide scenes. One thread.
 */
public final class PersonSegmenter implements AutoCloseable {

    private final String modelId;
    private final SavedModelRunner runner;
    private final ImagePreprocessor preprocessor;
    private final Shape inputShape;

    PersonSegmenter(ModelSpec spec, SavedModelRunner runner) {
        this.modelId = spec.id();
        this.runner = runner;
        this.preprocessor = new ImagePreprocessor(spec.input(), spec.preprocess());
        this.inputShape = new Shape(preprocessor.tensorShape());
    }

    public String modelId() {
        return modelId;
    }

    /** How likely each pixel of {@code bgrCrop} is the person: a CV_32F image of the crop's size, values 0..1. */
    public Mat segment(Mat bgrCrop) {
        // A tall person's box is padded to a square first: stretched, people come out twice as thin as the model knows them.
        int side = Math.max(bgrCrop.cols(), bgrCrop.rows());
        int padX = (side - bgrCrop.cols()) / 2;
        int padY = (side - bgrCrop.rows()) / 2;
        try (Mat square = new Mat()) {
            copyMakeBorder(bgrCrop, square, padY, side - bgrCrop.rows() - padY, padX, side - bgrCrop.cols() - padX, BORDER_REPLICATE);
            try (Mat whole = segmentSquare(square); Rect own = new Rect(padX, padY, bgrCrop.cols(), bgrCrop.rows());
                    Mat part = whole.apply(own)) {
                return part.clone();
            }
        }
    }

    private Mat segmentSquare(Mat bgrCrop) {
        preprocessor.prepare(bgrCrop);
        Mat probabilities;
        try (NDManager scope = runner.manager().newSubManager()) {
            NDArray input = scope.create(preprocessor.blobBytes(), inputShape, DataType.FLOAT32);
            NDArray output = runner.run(new NDList(input)).values().iterator().next();
            long[] shape = output.getShape().getShape();
            int height = (int) shape[1];
            int width = (int) shape[2];
            int channels = (int) shape[3];
            float[] values = output.toFloatArray();
            float[] person = new float[height * width];
            for (int i = 0; i < person.length; i++) {
                // One channel: already a probability (selfie). Two: background and person logits (meet).
                person[i] = channels == 1 ? values[i] : sigmoid(values[i * 2 + 1] - values[i * 2]);
            }
            probabilities = new Mat(height, width, CV_32F);
            new FloatPointer(probabilities.data()).put(person);
        }
        Mat result = new Mat();
        try (probabilities; Size size = new Size(bgrCrop.cols(), bgrCrop.rows())) {
            resize(probabilities, result, size, 0, 0, INTER_LINEAR);
        }
        return result;
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    @Override
    public void close() {
        runner.close();
        preprocessor.close();
    }
}
