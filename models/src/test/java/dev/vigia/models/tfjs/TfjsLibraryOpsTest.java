package dev.vigia.models.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigia.config.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.SavedModel;

/**
 * A model.json whose top-level nodes are all allowed can still run file ops from its graph's
 * function library, through an allowed {@code If} that calls them: the converter must look there.
 */
class TfjsLibraryOpsTest {

    /** A graph of two placeholders and an If whose then-branch is {@code thenBranch}, with these library functions. */
    private static Path modelCalling(Path dir, String thenBranch, String... functions) throws Exception {
        String json = """
                {"format": "graph-model", "modelTopology": {
                  "node": [
                    {"name": "flag", "op": "Placeholder", "attr": {"dtype": {"type": "DT_BOOL"}}},
                    {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_STRING"}}},
                    {"name": "branch", "op": "If", "input": ["flag", "x"],
                     "attr": {"Tcond": {"type": "DT_BOOL"}, "Tin": {"list": {"type": ["DT_STRING"]}},
                              "Tout": {"list": {"type": ["DT_STRING"]}},
                              "then_branch": {"func": {"name": "%s"}}, "else_branch": {"func": {"name": "keep"}}}}],
                  "library": {"function": [%s]},
                  "versions": {"producer": 1286}},
                 "weightsManifest": [],
                 "signature": {
                   "inputs": {"flag:0": {"name": "flag:0", "dtype": "DT_BOOL"}, "x:0": {"name": "x:0", "dtype": "DT_STRING"}},
                   "outputs": {"branch:0": {"name": "branch:0", "dtype": "DT_STRING"}}}}
                """.formatted(thenBranch, String.join(",", functions));
        Path file = dir.resolve("model.json");
        Files.writeString(file, json);
        return file;
    }

    /** A string-to-string function made of the nodes given; {@code result} names its output tensor. */
    private static String function(String name, String result, String nodes) {
        return """
                {"signature": {"name": "%s", "inputArg": [{"name": "x", "type": "DT_STRING"}],
                               "outputArg": [{"name": "y", "type": "DT_STRING"}]},
                 "nodeDef": [%s], "ret": {"y": "%s"}}""".formatted(name, nodes, result);
    }

    private static final String KEEP = function("keep", "same:output:0",
            "{\"name\": \"same\", \"op\": \"Identity\", \"input\": [\"x\"], \"attr\": {\"T\": {\"type\": \"DT_STRING\"}}}");

    /** Reads the file named by its input: what a crafted model would use to exfiltrate a secret. */
    private static final String STEAL = function("steal", "secret:contents:0",
            "{\"name\": \"secret\", \"op\": \"ReadFile\", \"input\": [\"x\"]}");

    @Test
    void aFileOpInAFunctionThatAnAllowedIfCallsIsRefused(@TempDir Path dir) throws Exception {
        Path json = modelCalling(dir, "steal", KEEP, STEAL);
        UserError error = assertThrows(UserError.class, () -> TfjsGraphConverter.convert(json, dir.resolve("saved")));
        assertTrue(error.getMessage().contains("node 'secret' in function 'steal' is a ReadFile op"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(dir.resolve("saved").resolve("saved_model.pb")), "nothing was written");
    }

    @Test
    void aFileOpTwoCallsDeepIsRefused(@TempDir Path dir) throws Exception {
        // 'outer' holds only allowed ops and a direct call of 'inner' (a node whose op is a function name).
        String outer = function("outer", "call:y:0", "{\"name\": \"call\", \"op\": \"inner\", \"input\": [\"x\"]}");
        String inner = function("inner", "write:y:0",
                "{\"name\": \"write\", \"op\": \"WriteFile\", \"input\": [\"x\", \"x\"]}");
        Path json = modelCalling(dir, "outer", KEEP, outer, inner);
        UserError error = assertThrows(UserError.class, () -> TfjsGraphConverter.convert(json, dir.resolve("saved")));
        assertTrue(error.getMessage().contains("node 'write' in function 'inner' is a WriteFile op"), error.getMessage());
    }

    @Test
    void aCallOfAFunctionTheLibraryDoesNotHoldIsRefused(@TempDir Path dir) throws Exception {
        Path json = modelCalling(dir, "elsewhere", KEEP);
        UserError error = assertThrows(UserError.class, () -> TfjsGraphConverter.convert(json, dir.resolve("saved")));
        assertTrue(error.getMessage().contains("node 'branch' calls function 'elsewhere', which the graph's library does not define"),
                error.getMessage());
    }

    @Test
    void aLibraryOfAllowedOpsIsConvertedWithItsFunctions(@TempDir Path dir) throws Exception {
        Path json = modelCalling(dir, "keep", KEEP);
        TfjsGraphConverter.convert(json, dir.resolve("saved"));
        SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved").resolve("saved_model.pb")));
        List<FunctionDef> library = saved.getMetaGraphs(0).getGraphDef().getLibrary().getFunctionList();
        assertEquals(List.of("keep"), library.stream().map(f -> f.getSignature().getName()).toList());
        assertEquals("Identity", library.get(0).getNodeDef(0).getOp());
    }
}
