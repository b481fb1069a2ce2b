package org.gridgate.caveat.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import org.gridgate.caveat.Activity;

/**
 * The policy file exactly as written, before any meaning is checked. Jackson binds it and rejects unknown keys,
 * unknown activity names and malformed durations with the line they are on; {@link RuleCompiler} checks the rest.
 * Absent optional keys arrive as {@code null}.
 */
record PolicyDocument(@JsonProperty("defaults") Validity defaults,
                      @JsonProperty(value = "rules", required = true) List<Rule> rules) {

    record Validity(@JsonProperty("max-validity") Duration maxValidity,
                    @JsonProperty("default-validity") Duration defaultValidity) {
    }

    record Rule(@JsonProperty(value = "name", required = true) String name,
                @JsonProperty("match") Match match,
                @JsonProperty(value = "allow", required = true) Allow allow,
                @JsonProperty("add-caveats") List<String> addCaveats) {
    }

    record Match(@JsonProperty("dn") String dn,
                 @JsonProperty("vo") String vo,
                 @JsonProperty("group") String group,
                 @JsonProperty("role") String role) {
    }

    record Allow(@JsonProperty(value = "activities", required = true) List<Activity> activities,
                 @JsonProperty(value = "paths", required = true) List<String> paths,
                 @JsonProperty("max-validity") Duration maxValidity,
                 @JsonProperty("default-validity") Duration defaultValidity) {
    }
}
