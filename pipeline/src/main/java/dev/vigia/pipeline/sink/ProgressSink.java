package dev.vigia.pipeline.sink;

import dev.vigia.pipeline.frame.FrameEvent;
import dev.vigia.pipeline.frame.Stage;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr for files of known length: frames, fps, ETA. */
public final class ProgressSink implements Stage {

    private final ProgressBar bar;

    public ProgressSink(String task, long totalFrames) {
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalFrames)
                .setUnit(" frames", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    @Override
    public String name() {
        return "progress";
    }

    @Override
    public void onFrame(FrameEvent event, long sequence, boolean endOfBatch) {
        bar.step();
    }

    @Override
    public void onStop() {
        bar.close();
    }
}
