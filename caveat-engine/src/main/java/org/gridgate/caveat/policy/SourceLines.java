package org.gridgate.caveat.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds the line of a place in the policy file, given as a path of keys and list indexes such as
 * {@code rules, 2, allow, paths}. Needed because Jackson reports some errors (unknown keys in a rule, for one)
 * only once it has read the whole block, with the position of the block's end, and because checks made after
 * binding have no positions at all. Best effort: an unknown line is left out of messages, never guessed.
 */
final class SourceLines {

    private final YAMLFactory yaml;
    private final String text;

    SourceLines(YAMLFactory yaml, String text) {
        this.yaml = yaml;
        this.text = text;
    }

    /** {@code " line N"} for rule number {@code index} (from 0), or nothing when its line is unknown. */
    String describeRule(int index) {
        return describe(List.of("rules", index));
    }

    /** {@code " line N"} for the place {@code steps} leads to (strings are keys, integers list indexes). */
    String describe(List<?> steps) {
        OptionalInt line = lineOf(steps);
        return line.isPresent() ? " line " + line.getAsInt() : "";
    }

    OptionalInt lineOf(List<?> steps) {
        try (JsonParser parser = yaml.createParser(text)) {
            if (parser.nextToken() == null) {
                return OptionalInt.empty();
            }
            int line = parser.currentTokenLocation().getLineNr();
            for (Object step : steps) {
                boolean found = step instanceof Integer index ? enterElement(parser, index)
                        : enterField(parser, String.valueOf(step));
                if (!found) {
                    return OptionalInt.empty();
                }
                line = parser.currentTokenLocation().getLineNr();
            }
            return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            // Malformed YAML is reported by the binder with its own position.
            return OptionalInt.empty();
        }
    }

    /** Leaves the parser on the key {@code field}, or answers false. */
    private static boolean enterField(JsonParser parser, String field) throws IOException {
        if (parser.currentToken() == JsonToken.FIELD_NAME) {
            parser.nextToken();
        }
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            if (field.equals(parser.currentName())) {
                return true;
            }
            parser.nextToken();
            parser.skipChildren();
        }
        return false;
    }

    /** Leaves the parser on the first token of element {@code index}, or answers false. */
    private static boolean enterElement(JsonParser parser, int index) throws IOException {
        if (parser.currentToken() == JsonToken.FIELD_NAME) {
            parser.nextToken();
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return false;
        }
        for (int position = 0; ; position++) {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.END_ARRAY) {
                return false;
            }
            if (position == index) {
                return true;
            }
            parser.skipChildren();
        }
    }
}
