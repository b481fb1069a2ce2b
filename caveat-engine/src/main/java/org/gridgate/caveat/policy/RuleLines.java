package org.gridgate.caveat.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The line each rule starts on, so errors found after binding (when Jackson's positions are gone) still point
 * the admin at the right place. Best effort: an unknown line is left out of the message, never guessed.
 */
final class RuleLines {

    private final List<Integer> startLines;

    private RuleLines(List<Integer> startLines) {
        this.startLines = List.copyOf(startLines);
    }

    static RuleLines none() {
        return new RuleLines(List.of());
    }

    static RuleLines scan(YAMLFactory yaml, String text) {
        List<Integer> lines = new ArrayList<>();
        try (JsonParser parser = yaml.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return none();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isRules = "rules".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isRules && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        lines.add(parser.currentTokenLocation().getLineNr());
                        parser.skipChildren();
                    }
                    break;
                }
                parser.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // The binder reports malformed YAML with its own position; here we simply know no lines.
            return new RuleLines(lines);
        }
        return new RuleLines(lines);
    }

    /** {@code " line N"} for rule {@code index}, or nothing when its line is unknown. */
    String describe(int index) {
        return index >= 0 && index < startLines.size() ? " line " + startLines.get(index) : "";
    }
}
