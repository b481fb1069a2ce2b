package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real BOINC client (Debian's {@code boinc-client}) uploads an output file to the door's
 * {@code targetWithMacaroon}, from a preloaded client state: a project that is never contacted, one file present
 * with its {@code <upload_url>}, so the upload starts as the client starts (a few seconds). Each case gets a fresh
 * client directory; the client trusts the dev CA through {@code DIR/ca-bundle.crt}, and the dev host certificate
 * names localhost.
 */
class BoincClientTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev().requiring("boinc");

    private static final String PROJECT_URL = "http://127.0.0.1:1/fake/";
    private static final String PROJECT_DIR = "127.0.0.1_1_fake";
    private static final String FINISHED = "Finished upload of result_out_0";
    private static final String GAVE_UP = "Giving up on upload of result_out_0";

    @Test
    void aWholeUploadArrivesIntact() throws Exception {
        byte[] file = randomBytes(20_000, 1);
        String token = door.mint("/volunteers/whole", "{\"caveats\":[\"activity:UPLOAD\"]}");

        String log = runClient("whole", file, BoincWire.md5(file), door.url("/volunteers/whole?authz=" + token));

        assertThat(log).contains(FINISHED).doesNotContain(GAVE_UP);
        assertThat(Files.readAllBytes(door.dataDir().resolve("volunteers/whole"))).isEqualTo(file);
        assertThat(hiddenFiles("volunteers")).isEmpty();
    }

    /**
     * The first half arrives on a connection that is then cut (as a volunteer's link drops); the real client, asking
     * the size first as it does for every file over 8 KiB, resumes from the staged offset and sends only the rest.
     */
    @Test
    void anUploadCutOffHalfWayIsResumedByTheClientFromTheStagedOffset() throws Exception {
        byte[] file = randomBytes(200_000, 2);
        String token = door.mint("/volunteers/resumed", "{\"caveats\":[\"activity:UPLOAD\"]}");
        String target = "/volunteers/resumed?authz=" + token;
        byte[] envelope = BoincWire.uploadEnvelope(file.length, BoincWire.md5(file), 0, 1_000_000_000L)
                .getBytes(StandardCharsets.US_ASCII);
        try (BoincWire.Connection cut = new BoincWire.Connection(door.sslContext(null), door.port())) {
            cut.send(BoincWire.head(target, envelope.length + file.length));
            cut.send(envelope);
            cut.send(Arrays.copyOf(file, 100_000));
        }
        awaitStaged(target, 100_000);

        String log = runClient("resumed", file, BoincWire.md5(file), door.url(target));

        assertThat(log).contains(FINISHED).doesNotContain(GAVE_UP);
        // The size query's answer, and a POST carrying the envelope and only the 100 000 bytes left.
        assertThat(log).contains("<file_size>100000</file_size>");
        assertThat(log).contains("starting upload, upload_offset 100000").contains("Content-Length: 100439");
        assertThat(Files.readAllBytes(door.dataDir().resolve("volunteers/resumed"))).isEqualTo(file);
        assertThat(hiddenFiles("volunteers")).isEmpty();
    }

    @Test
    void anExpiredMacaroonMakesTheClientGiveUpAtOnce() throws Exception {
        byte[] file = randomBytes(20_000, 3);
        String token = door.mint("/volunteers/expired",
                "{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT1M\"}");
        // Every other test mints after this, so their macaroons live on the moved clock too.
        door.clock().advance(Duration.ofMinutes(2));
        long start = System.nanoTime();

        String log = runClient("expired", file, BoincWire.md5(file),
                door.url("/volunteers/expired?authz=" + token));

        assertThat(log).contains(GAVE_UP).doesNotContain(FINISHED);
        assertThat(log).contains("Error reported by file upload server").contains("Invalid macaroon");
        // One request (the size query, refused): no retry, no back-off.
        assertThat(log.split("Sent header to server: POST ", -1)).hasSize(2);
        assertThat(log).doesNotContain("Backing off");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertThat(door.dataDir().resolve("volunteers/expired")).doesNotExist();
    }

    @Test
    void aWrongMd5MakesTheClientGiveUpAndNothingBecomesVisible() throws Exception {
        byte[] file = randomBytes(5_000, 4);
        String token = door.mint("/volunteers/corrupt", "{\"caveats\":[\"activity:UPLOAD\"]}");
        String wrong = BoincWire.md5("something else".getBytes(StandardCharsets.UTF_8));

        String log = runClient("corrupt", file, wrong, door.url("/volunteers/corrupt?authz=" + token));

        assertThat(log).contains(GAVE_UP).contains("MD5 mismatch").doesNotContain(FINISHED);
        assertThat(door.dataDir().resolve("volunteers/corrupt")).doesNotExist();
        assertThat(hiddenFiles("volunteers")).isEmpty();
    }

    /**
     * A volunteer trusts public CAs only (here a second test CA, the only one in its bundle): it uploads to the
     * door's volunteer host name, for which the door serves that CA's certificate (SNI), while grid clients keep
     * the host certificate from the grid CA on the same port. curl resolves {@code *.localhost} to loopback.
     */
    @Test
    void aVolunteerThatTrustsOnlyAPublicCaUploadsToTheVolunteerHostName() throws Exception {
        Path pki = door.scratch().resolve("public-pki");
        Files.createDirectories(pki);
        org.gridgate.certs.CertificateAuthority publicCa = org.gridgate.certs.CertificateAuthority.create(
                "/DC=org/DC=public/CN=Public Test CA", Duration.ofDays(1));
        publicCa.write(pki.resolve("ca.pem"), pki.resolve("ca.key"));
        publicCa.issueHost("volunteers.localhost", Duration.ofDays(1), false)
                .write(pki.resolve("volunteers.pem"), pki.resolve("volunteers.key"));
        try (TestDoor own = TestDoor.startWithVolunteerCertificate(door.scratch().resolve("volunteer-door"),
                new org.gridgate.gateway.server.TlsSettings.Volunteers(pki.resolve("volunteers.pem"),
                        pki.resolve("volunteers.key"), List.of("volunteers.localhost")))) {
            byte[] file = randomBytes(20_000, 5);
            String token = own.mint("/volunteers/public", "{\"caveats\":[\"activity:UPLOAD\"]}");

            String log = runClient("public", file, BoincWire.md5(file), "https://volunteers.localhost:"
                    + own.port() + "/volunteers/public?authz=" + token, pki.resolve("ca.pem"));

            assertThat(log).contains(FINISHED).contains("issuer: DC=org; DC=public; CN=Public Test CA");
            assertThat(Files.readAllBytes(own.dataDir().resolve("volunteers/public"))).isEqualTo(file);
        }
    }

    /**
     * Runs {@code boinc} on a fresh directory holding {@code file} as a finished result with {@code uploadUrl}, until
     * it logs that the upload finished or was given up (at most 60 s), then stops it; returns its log.
     */
    private static String runClient(String name, byte[] file, String md5, String uploadUrl) throws Exception {
        return runClient(name, file, md5, uploadUrl, door.environment().directory().resolve("ca/ca.pem"));
    }

    /** As above, with {@code caBundle} (PEM) as the only CA the client trusts besides the system's. */
    private static String runClient(String name, byte[] file, String md5, String uploadUrl, Path caBundle)
            throws Exception {
        Path dir = door.scratch().resolve("boinc-" + name);
        Files.createDirectories(dir.resolve("projects").resolve(PROJECT_DIR));
        Files.write(dir.resolve("projects").resolve(PROJECT_DIR).resolve("result_out_0"), file);
        Files.copy(caBundle, dir.resolve("ca-bundle.crt"));
        Files.writeString(dir.resolve("account_" + PROJECT_DIR + ".xml"), "<account><master_url>" + PROJECT_URL
                + "</master_url><authenticator>x</authenticator></account>\n");
        Files.writeString(dir.resolve("cc_config.xml"), """
                <cc_config>
                  <log_flags><file_xfer/><file_xfer_debug/><http_debug/></log_flags>
                  <options><skip_cpu_benchmarks>1</skip_cpu_benchmarks><dont_contact_ref_site>1</dont_contact_ref_site>
                    <no_gpus>1</no_gpus></options>
                </cc_config>
                """);
        Files.writeString(dir.resolve("client_state.xml"), """
                <client_state>
                <core_client_major_version>7</core_client_major_version>
                <core_client_minor_version>20</core_client_minor_version>
                <core_client_release>5</core_client_release>
                <project><master_url>%s</master_url><project_name>fake</project_name><dont_request_more_work/></project>
                <file>
                    <name>result_out_0</name>
                    <nbytes>%d</nbytes>
                    <max_nbytes>1000000000</max_nbytes>
                    <md5_cksum>%s</md5_cksum>
                    <status>1</status>
                    <sticky/>
                    <upload_url>%s</upload_url>
                </file>
                </client_state>
                """.formatted(PROJECT_URL, file.length, md5, uploadUrl.replace("&", "&amp;")));
        ExternalTool.Result run = ExternalTool.bash("""
                boinc --dir "$DIR" --no_gui_rpc > "$DIR/boinc.log" 2>&1 &
                pid=$!
                for i in $(seq 1 600); do
                  grep -q -e "$FINISHED" -e "$GAVE_UP" "$DIR/boinc.log" && break
                  kill -0 $pid 2>/dev/null || break
                  sleep 0.1
                done
                kill -TERM $pid 2>/dev/null; wait $pid
                cat "$DIR/boinc.log"
                """, Map.of("DIR", dir.toString(), "FINISHED", FINISHED, "GAVE_UP", GAVE_UP), 90);
        return run.stdout();
    }

    private static void awaitStaged(String target, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long staged = -1;
        while (System.nanoTime() < deadline) {
            staged = BoincWire.post(door.sslContext(null), door.port(), target,
                    BoincWire.sizeQuery().getBytes(StandardCharsets.US_ASCII)).fileSize();
            if (staged == expected) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(staged).as("bytes staged by the cut-off upload").isEqualTo(expected);
    }

    private static List<String> hiddenFiles(String directory) throws Exception {
        Path root = door.dataDir().resolve(directory);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".gridgate")).toList();
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
