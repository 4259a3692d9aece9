package dev.vigia.models.tfjs;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;

/**
 * Finds the first op in a graph that is outside the allow-list ({@code allowed-ops.txt}).
 *
 * <p>A GraphDef runs more than its top-level nodes: {@code If}, {@code While} and the call ops
 * name functions of the graph's library in their attributes, and a node whose op is a library
 * function's name calls it. So every node of every library function is checked, whether or not
 * anything calls it (which covers calls nested to any depth and recursion), and every function a
 * node names must be in the library: TensorFlow would otherwise resolve the name elsewhere.
 */
public final class GraphOpCheck {

    private GraphOpCheck() {}

    /** What is wrong, in words naming the node, the op and where it sits; empty when every op is allowed. */
    public static Optional<String> firstDisallowed(GraphDef graph) {
        Set<String> functions = new HashSet<>();
        for (FunctionDef function : graph.getLibrary().getFunctionList()) {
            functions.add(function.getSignature().getName());
        }
        Optional<String> found = firstIn(graph.getNodeList(), "", functions);
        for (FunctionDef function : graph.getLibrary().getFunctionList()) {
            if (found.isPresent()) {
                return found;
            }
            String where = " in function '" + function.getSignature().getName() + "'";
            found = firstIn(function.getNodeDefList(), where, functions)
                    .or(() -> unknownFunction(function.getAttrMap(), "function '" + function.getSignature().getName() + "'", functions));
        }
        return found;
    }

    private static Optional<String> firstIn(List<NodeDef> nodes, String where, Set<String> functions) {
        for (NodeDef node : nodes) {
            String op = node.getOp();
            if (!AllowedOps.allowed(op) && !functions.contains(op)) {
                return Optional.of("node '" + node.getName() + "'" + where + " is a " + op + " op");
            }
            Optional<String> unknown = unknownFunction(node.getAttrMap(), "node '" + node.getName() + "'" + where, functions);
            if (unknown.isPresent()) {
                return unknown;
            }
        }
        return Optional.empty();
    }

    /** A function named in these attributes (at any depth of nesting) that the library does not hold. */
    private static Optional<String> unknownFunction(Map<String, AttrValue> attrs, String who, Set<String> functions) {
        for (AttrValue value : attrs.values()) {
            for (NameAttrList call : calls(value)) {
                if (!functions.contains(call.getName())) {
                    return Optional.of(who + " calls function '" + call.getName() + "', which the graph's library does not define");
                }
                Optional<String> nested = unknownFunction(call.getAttrMap(), who, functions);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }

    private static List<NameAttrList> calls(AttrValue value) {
        if (value.hasFunc()) {
            return List.of(value.getFunc());
        }
        return value.hasList() ? value.getList().getFuncList() : List.of();
    }
}
