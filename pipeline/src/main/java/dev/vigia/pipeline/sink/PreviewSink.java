package dev.vigia.pipeline.sink;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import dev.vigia.pipeline.render.RenderedFrame;
import java.awt.GraphicsEnvironment;
import org.bytedeco.javacv.CanvasFrame;
import org.bytedeco.javacv.OpenCVFrameConverter;

/** A live preview window ({@code --show}); needs a display. */
public final class PreviewSink implements Stage {

    private final CanvasFrame window;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();

    public PreviewSink(String title) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new dev.vigia.config.InvalidSettingException(dev.vigia.config.Setting.SHOW, "A preview needs a display, and this session has none (no DISPLAY)");
        }
        window = new CanvasFrame("Vigía — " + title, 1.0);
        window.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
    }

    @Override
    public String name() {
        return "preview";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        if (endOfBatch && window.isVisible()) {
            window.showImage(converter.convert(RenderedFrame.of(event)));
        }
    }

    @Override
    public void onStop() {
        window.dispose();
    }
}
