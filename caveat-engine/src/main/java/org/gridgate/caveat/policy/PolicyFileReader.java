package org.gridgate.caveat.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.PolicyException;

/**
 * Reads a policy file strictly: malformed YAML, unknown or repeated keys, explicit nulls, activity names Jackson
 * cannot map and numbers where names belong all fail, with the line and the rule they are in. A typo must never
 * quietly widen or narrow what the site allows.
 */
final class PolicyFileReader {

    private final YAMLFactory yaml = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final ObjectMapper mapper = YAMLMapper.builder(yaml)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("policy-durations")
                    .addDeserializer(Duration.class, new IsoDurationDeserializer()))
            .build();

    List<RuleTemplate> read(Path file) throws PolicyException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            throw new PolicyException("cannot read policy file " + file + ": " + e, e);
        }
        String source = file.toString();
        SourceLines lines = new SourceLines(yaml, text);
        JsonNode tree = parse(source, text);
        requireNoExplicitNull(source, tree, lines);
        PolicyDocument document = bind(source, text, tree, lines);
        return new RuleCompiler(source, lines).compile(document);
    }

    /** A syntax check first, so malformed YAML is reported as such rather than as a type mismatch. */
    private JsonNode parse(String source, String text) throws PolicyException {
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PolicyException(source + at(e.getLocation()) + ": malformed YAML: " + e.getOriginalMessage(),
                    e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new PolicyException(source + ": the policy file is empty; write 'rules: []' to allow nothing");
        }
        return tree;
    }

    /**
     * YAML reads {@code NULL}, {@code ~} and an empty value as null, which binds exactly like an absent key: without
     * this check {@code role: NULL} would quietly mean "any role".
     */
    private static void requireNoExplicitNull(String source, JsonNode tree, SourceLines lines)
            throws PolicyException {
        Optional<List<Object>> nullAt = ExplicitNulls.find(tree);
        if (nullAt.isPresent()) {
            throw new PolicyException(source + lines.describe(nullAt.get()) + ": " + where(tree, nullAt.get())
                    + ": no value given (YAML reads NULL, ~ and an empty value as null);"
                    + " quote the value or leave the key out");
        }
    }

    private PolicyDocument bind(String source, String text, JsonNode tree, SourceLines lines)
            throws PolicyException {
        try {
            return mapper.readValue(text, PolicyDocument.class);
        } catch (JsonMappingException e) {
            List<Object> steps = steps(e);
            String line = lines.describe(steps);
            throw new PolicyException(source + (line.isEmpty() ? at(e.getLocation()) : line) + ": "
                    + where(tree, steps) + ": " + whatIsWrong(e, steps), e);
        } catch (JsonProcessingException e) {
            throw new PolicyException(source + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        }
    }

    private static List<Object> steps(JsonMappingException e) {
        List<Object> steps = new ArrayList<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            steps.add(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        return steps;
    }

    /** "rule 'name' (allow.paths[0])" for places inside a rule, so the admin knows which one to fix. */
    private static String where(JsonNode tree, List<Object> steps) {
        if (steps.size() >= 2 && "rules".equals(steps.get(0)) && steps.get(1) instanceof Integer index) {
            String inRule = dotted(steps.subList(2, steps.size()));
            return ruleName(tree, index) + (inRule.isEmpty() ? "" : " (" + inRule + ")");
        }
        String dotted = dotted(steps);
        return dotted.isEmpty() ? "policy" : dotted;
    }

    private static String ruleName(JsonNode tree, int index) {
        JsonNode name = tree.path("rules").path(index).path("name");
        return name.isTextual() && !name.asText().isBlank() ? "rule '" + name.asText() + "'" : "rule #" + (index + 1);
    }

    private static String dotted(List<Object> steps) {
        StringBuilder text = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(step);
            }
        }
        return text.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " line " + location.getLineNr();
    }

    private static String whatIsWrong(JsonMappingException e, List<Object> steps) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            return "unknown key '" + unknown.getPropertyName() + "' (known here: " + known + ")";
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() == Activity.class) {
            return "unknown activity '" + invalid.getValue() + "' (known: "
                    + Arrays.stream(Activity.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")";
        }
        // Jackson has no exception type of its own for a missing required key; its message is the only sign.
        if (e.getOriginalMessage().startsWith("Missing required creator property") && !steps.isEmpty()) {
            return "missing required key '" + steps.get(steps.size() - 1) + "'";
        }
        return e.getOriginalMessage();
    }
}
