package org.gridgate.caveat.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.PolicyException;

/**
 * Reads a policy file strictly: unknown or repeated keys, activity names Jackson cannot map and numbers where
 * names belong all fail, with the line and the rule they are in. A typo must never quietly widen or narrow
 * what the site allows.
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
        PolicyDocument document = bind(source, text);
        if (document == null) {
            throw new PolicyException(source + ": the policy file is empty; write 'rules: []' to allow nothing");
        }
        return new RuleCompiler(source, RuleLines.scan(yaml, text)).compile(document);
    }

    private PolicyDocument bind(String source, String text) throws PolicyException {
        try {
            return mapper.readValue(text, PolicyDocument.class);
        } catch (JsonMappingException e) {
            throw new PolicyException(source + at(e.getLocation()) + ": " + ruleOf(e, text) + whatIsWrong(e), e);
        } catch (JsonProcessingException e) {
            throw new PolicyException(source + at(e.getLocation()) + ": malformed YAML: " + e.getOriginalMessage(),
                    e);
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " line " + location.getLineNr();
    }

    /** "rule 'name' (allow.paths): " for errors inside a rule, so the admin knows which one to fix. */
    private String ruleOf(JsonMappingException e, String text) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.size() < 2 || !"rules".equals(path.get(0).getFieldName()) || path.get(1).getIndex() < 0) {
            String where = describe(path);
            return where.isEmpty() ? "" : where + ": ";
        }
        int index = path.get(1).getIndex();
        String where = describe(path.subList(2, path.size()));
        return ruleName(text, index) + (where.isEmpty() ? "" : " (" + where + ")") + ": ";
    }

    private String ruleName(String text, int index) {
        try {
            JsonNode name = mapper.readTree(text).path("rules").path(index).path("name");
            if (name.isTextual() && !name.asText().isBlank()) {
                return "rule '" + name.asText() + "'";
            }
        } catch (IOException | RuntimeException e) {
            // Naming the rule is a courtesy; the line number already locates it.
        }
        return "rule #" + (index + 1);
    }

    private static String describe(List<JsonMappingException.Reference> path) {
        StringBuilder where = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                where.append(where.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                where.append('[').append(step.getIndex()).append(']');
            }
        }
        return where.toString();
    }

    private static String whatIsWrong(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            return "unknown key '" + unknown.getPropertyName() + "' (known here: " + known + ")";
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() == Activity.class) {
            return "unknown activity '" + invalid.getValue() + "' (known: "
                    + Arrays.stream(Activity.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")";
        }
        return e.getOriginalMessage();
    }
}
