package dev.vigia.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigia.config.UserError;
import org.junit.jupiter.api.Test;

class InferenceThreadsTest {

    @Test
    void autoKeepsACoreForThePipelineAndPinsOneWorker() {
        assertEquals(new InferenceThreads(1, 1, true), InferenceThreads.parse("auto", 2, 1));
        // Eight cores: two for the rest, so six inference threads on the six inference CPUs.
        assertEquals(new InferenceThreads(6, 1, true), InferenceThreads.parse(null, 8, 1));
    }

    @Test
    void severalWorkersShareTheCoresUnpinned() {
        assertEquals(new InferenceThreads(3, 1, false), InferenceThreads.parse(null, 8, 2));
        assertEquals(new InferenceThreads(1, 1, false), InferenceThreads.parse("auto", 2, 2));
    }

    @Test
    void explicitCountsAndTensorFlowsChoiceDoNotPin() {
        assertEquals(new InferenceThreads(1, 1, false), InferenceThreads.parse("1,1", 2, 1));
        assertEquals(new InferenceThreads(0, 0, false), InferenceThreads.parse("tf", 2, 1));
    }

    @Test
    void anythingElseIsOneLine() {
        UserError error = assertThrows(UserError.class, () -> InferenceThreads.parse("two", 2, 1));
        assertEquals("inference threads 'two' is not INTRA,INTER (e.g. 2,1), auto or tf", error.getMessage());
    }

    @Test
    void bf16AsksGrapplerForOneDnnMixedPrecisionAndFp32DoesNot() {
        InferenceThreads threads = new InferenceThreads(2, 1);
        var bf16 = threads.configProto(dev.vigia.models.precision.Precision.BF16);
        var fp32 = threads.configProto(dev.vigia.models.precision.Precision.FP32);
        assertEquals(org.tensorflow.proto.RewriterConfig.Toggle.ON, bf16.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
        assertEquals(org.tensorflow.proto.RewriterConfig.Toggle.DEFAULT, fp32.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
        // The thread pools are as they were at either precision.
        assertEquals(2, bf16.getIntraOpParallelismThreads());
        assertEquals(1, bf16.getInterOpParallelismThreads());
    }
}
