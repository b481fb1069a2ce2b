package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The litmus WebDAV suite (groups basic, copymove, props, locks, http) against an anonymous test area, the only way
 * litmus can talk to the door (it knows anonymous and Basic auth only). Every test runs and passes: litmus skips
 * the props tests that follow a failed PROPPATCH, so "0 failed" alone would not prove dead properties work.
 */
class LitmusTest {

    /** How many tests each group runs (litmus 0.13). */
    static final Map<String, Integer> TESTS = Map.of("basic", 16, "copymove", 13, "props", 30, "locks", 41,
            "http", 3);
    /** The one test litmus skips by itself: expect100 is not tried over TLS. */
    static final Map<String, Set<String>> SKIPPED_BY_LITMUS = Map.of("http", Set.of("expect100"));

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.withAnonymousAreas(new AnonymousAccess(List.of(
            new AnonymousAccess.Area("/litmus", EnumSet.allOf(Activity.class))))).requiring("litmus");

    @BeforeAll
    static void seed() throws Exception {
        Files.createDirectories(door.dataDir().resolve("litmus"));
    }

    private String litmus(String groups) throws Exception {
        return ExternalTool.bash("cd " + door.scratch() + " && litmus https://localhost:$PORT/litmus/",
                Map.of("PORT", Integer.toString(door.port()), "TESTS", groups,
                        "SSL_CERT_DIR", door.environment().pki().caDirectory().toString()), 300).stdout();
    }

    /** litmus stops at the first group with a failure, so each group runs on its own and names its own failures. */
    @ParameterizedTest
    @ValueSource(strings = {"basic", "copymove", "props", "locks", "http"})
    void everyTestOfTheGroupRunsAndPasses(String group) throws Exception {
        String output = litmus(group);
        int tests = TESTS.get(group);
        assertThat(testsThat("FAIL", output)).as(output).isEmpty();
        assertThat(testsThat("SKIPPED", output)).as(output)
                .isEqualTo(SKIPPED_BY_LITMUS.getOrDefault(group, Set.of()));
        assertThat(output).as(output).contains("summary for `" + group + "': of " + tests + " tests run: " + tests
                + " passed, 0 failed");
    }

    /** The names of the tests whose result line starts with {@code result}. */
    private static Set<String> testsThat(String result, String output) {
        Set<String> tests = new TreeSet<>();
        Matcher m = Pattern.compile("\\d+\\. (\\w+)\\.+ " + result).matcher(output);
        while (m.find()) {
            tests.add(m.group(1));
        }
        return tests;
    }

    @Test
    void anonymousClientsAreConfinedToTheArea() throws Exception {
        io.restassured.RestAssured.given(door.anonymous()).body("x").put("/litmus/anon").then().statusCode(201);
        io.restassured.RestAssured.given(door.anonymous()).body("x").put("/litmusx").then().statusCode(401);
        io.restassured.RestAssured.given(door.anonymous()).contentType("application/macaroon-request").body("{}")
                .post("/litmus/anon").then().statusCode(401);
    }
}
