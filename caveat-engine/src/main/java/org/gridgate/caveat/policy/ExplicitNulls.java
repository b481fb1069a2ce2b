package org.gridgate.caveat.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the first explicit null in a parsed policy file, as a path of keys and list indexes such as
 * {@code [rules, 0, match, role]}.
 */
final class ExplicitNulls {

    private ExplicitNulls() {
    }

    static Optional<List<Object>> find(JsonNode node) {
        return find(node, new ArrayList<>());
    }

    private static Optional<List<Object>> find(JsonNode node, List<Object> path) {
        if (node.isNull()) {
            return Optional.of(List.copyOf(path));
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                Optional<List<Object>> found = descend(field.getValue(), path, field.getKey());
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int index = 0; index < node.size(); index++) {
                Optional<List<Object>> found = descend(node.get(index), path, index);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<Object>> descend(JsonNode child, List<Object> path, Object step) {
        path.add(step);
        Optional<List<Object>> found = find(child, path);
        path.remove(path.size() - 1);
        return found;
    }
}
