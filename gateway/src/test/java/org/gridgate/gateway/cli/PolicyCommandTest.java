package org.gridgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gridgate.certs.DevPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.jar policy check}: which rule decides, what it allows, and why a request would be refused. */
class PolicyCommandTest {

    static final String POLICY = String.join("\n",
            "rules:",
            "  - name: atlaswork-production",
            "    match: {dn: \"" + DevPki.USER_DN + "\", group: /atlas/atlaswork, role: production}",
            "    allow: {activities: [UPLOAD], paths: [/atlas/atlaswork], max-validity: P7D}",
            "  - name: dev-user-reads",
            "    match: {dn: \"" + DevPki.USER_DN + "\"}",
            "    allow: {activities: [DOWNLOAD, LIST], paths: [/atlas]}",
            "");

    @TempDir
    Path dir;
    Path policy;

    @BeforeEach
    void writePolicy() throws Exception {
        policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    }

    private CliRun check(String... identityAndRequest) {
        String[] args = new String[identityAndRequest.length + 4];
        args[0] = "policy";
        args[1] = "check";
        args[2] = "--policy";
        args[3] = policy.toString();
        System.arraycopy(identityAndRequest, 0, args, 4, identityAndRequest.length);
        return CliRun.of(args);
    }

    @Test
    void allowedRequestNamesTheRuleThatDecides() {
        CliRun run = check("--dn", DevPki.USER_DN, "--fqan", "/atlas/atlaswork/Role=production/Capability=NULL",
                "--path", "/atlas/atlaswork/job1/out.root", "--activity", "UPLOAD");

        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.outLines()).contains(
                "rule 'atlaswork-production' (#1 of 2) decides",
                "mint UPLOAD for /atlas/atlaswork/job1/out.root: allowed",
                "paths: [/atlas/atlaswork]");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void refusedRequestSaysWhy() {
        CliRun run = check("--dn", DevPki.USER_DN, "--path", "/atlas/atlaswork/job1/out.root",
                "--activity", "UPLOAD");

        // a refusal is an answer, not an error: exit code 0
        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.outLines()).contains(
                "rule 'dev-user-reads' (#2 of 2) decides",
                "mint UPLOAD for /atlas/atlaswork/job1/out.root: REFUSED: the rule does not allow UPLOAD "
                        + "(it allows [LIST, DOWNLOAD])");
        assertThat(run.outLines()).anyMatch(line -> line.startsWith("rule 'atlaswork-production' skipped: "));
    }

    @Test
    void identityNoRuleMatchesIsDeniedByDefault() {
        CliRun run = check("--dn", "/DC=org/DC=example/CN=Somebody Else", "--path", "/atlas/x",
                "--activity", "DOWNLOAD");

        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.outLines())
                .contains("no rule matches: minting and direct access are refused (deny by default)");
    }

    @Test
    void brokenPolicyIsNamedInOneLine() throws Exception {
        Files.writeString(policy, "rules:\n  - name: no-allow\n    match: {vo: atlas}\n");

        CliRun run = check("--dn", DevPki.USER_DN, "--path", "/atlas/x", "--activity", "DOWNLOAD");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
                .startsWith(policy.toString()).contains("rule 'no-allow'", "allow");
    }

    @Test
    void missingPolicyFileIsOneLine() throws Exception {
        Files.delete(policy);

        CliRun run = check("--dn", DevPki.USER_DN, "--path", "/atlas/x", "--activity", "DOWNLOAD");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains(policy.toString());
    }

    @Test
    void unknownActivityIsAUsageError() {
        CliRun run = check("--dn", DevPki.USER_DN, "--path", "/atlas/x", "--activity", "STEAL");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).first().asString().startsWith("Invalid value for option '--activity'");
    }
}
