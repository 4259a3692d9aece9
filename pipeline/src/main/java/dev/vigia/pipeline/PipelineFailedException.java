package dev.vigia.pipeline;

import dev.vigia.config.RunFailure;

/**
 * A pipeline that ran but could not do its work: a stage kept failing (see {@link FailurePolicy})
 * or an output could not be finished. The frames that did pass are in the outputs; the
 * statistics of the run come with the exception.
 */
public final class PipelineFailedException extends RunFailure {

    private final transient PipelineStats stats;

    PipelineFailedException(String message, PipelineStats stats) {
        super(message);
        this.stats = stats;
    }

    public PipelineStats stats() {
        return stats;
    }
}
