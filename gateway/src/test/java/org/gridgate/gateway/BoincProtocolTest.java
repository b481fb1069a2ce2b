package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gridgate.gateway.BoincWire.concat;
import static org.gridgate.gateway.BoincWire.md5;
import static org.gridgate.gateway.BoincWire.sizeQuery;
import static org.gridgate.gateway.BoincWire.upload;
import static org.gridgate.gateway.BoincWire.uploadEnvelope;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.gridgate.gateway.BoincWire.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BOINC's upload protocol on a file URL, over real TLS, with the requests the real client sends (BoincWire): size
 * queries, whole and resumed uploads, every refusal in BOINC's form (200 with status -1 or 1), nothing partial ever
 * visible.
 */
class BoincProtocolTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();
    static SSLContext anonymous;

    @BeforeAll
    static void setUp() throws Exception {
        anonymous = door.sslContext(null);
    }

    private static String uploadToken(String path) throws Exception {
        return door.mint(path, "{\"caveats\":[\"activity:UPLOAD\"]}");
    }

    private static String target(String path, String token) {
        return path + "?authz=" + token;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The door's hidden files under /boinc (one test leaves staged bytes elsewhere on purpose). */
    private static List<String> internalFiles() throws Exception {
        if (!Files.exists(door.dataDir().resolve("boinc"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(door.dataDir().resolve("boinc"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".gridgate")).toList();
        }
    }

    private static Response post(String target, byte[] body, String... extra) throws Exception {
        return BoincWire.post(anonymous, door.port(), target, body, extra);
    }

    private static Response post(String target, String body, String... extra) throws Exception {
        return post(target, body.getBytes(StandardCharsets.US_ASCII), extra);
    }

    @Test
    void aSizeQueryForNothingStagedAnswersZeroNeverMinusOne() throws Exception {
        Response reply = post(target("/boinc/none", uploadToken("/boinc/none")), sizeQuery());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.boincStatus()).isZero();
        assertThat(reply.fileSize()).isZero();
        assertThat(reply.body()).startsWith("<data_server_reply>");
    }

    @Test
    void aWholeUploadIsCommittedWithItsBytes() throws Exception {
        byte[] file = randomBytes(20_000, 1);
        String token = uploadToken("/boinc/whole");
        try (BoincWire.Connection connection = new BoincWire.Connection(anonymous, door.port())) {
            // As the client does for files over 8 KiB: a size query, then the upload, on one connection.
            assertThat(connection.post(target("/boinc/whole", token),
                    sizeQuery().getBytes(StandardCharsets.US_ASCII)).fileSize()).isZero();
            Response reply = connection.post(target("/boinc/whole", token), upload(file, 0));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.boincStatus()).as(reply.body()).isZero();
        }
        assertThat(Files.readAllBytes(door.dataDir().resolve("boinc/whole"))).isEqualTo(file);
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void anUploadCutOffHalfWayIsResumedFromTheStagedOffset() throws Exception {
        byte[] file = randomBytes(300_000, 2);
        String token = uploadToken("/boinc/resumed");
        String target = target("/boinc/resumed", token);
        byte[] envelope = uploadEnvelope(file.length, md5(file), 0, 1_000_000_000L)
                .getBytes(StandardCharsets.US_ASCII);
        try (BoincWire.Connection connection = new BoincWire.Connection(anonymous, door.port())) {
            connection.send(BoincWire.head(target, envelope.length + file.length));
            connection.send(envelope);
            connection.send(java.util.Arrays.copyOf(file, 100_000));
        }
        long staged = awaitStaged(target, 100_000);
        assertThat(staged).isEqualTo(100_000);
        assertThat(door.dataDir().resolve("boinc/resumed")).doesNotExist();
        given(door.anonymous()).header("Authorization", "Bearer " + token).get("/boinc/resumed")
                .then().statusCode(403);

        Response reply = post(target, upload(file, staged));

        assertThat(reply.boincStatus()).as(reply.body()).isZero();
        assertThat(Files.readAllBytes(door.dataDir().resolve("boinc/resumed"))).isEqualTo(file);
        assertThat(post(target, sizeQuery()).fileSize()).isZero();
        assertThat(internalFiles()).isEmpty();
    }

    /** The door handles the client's going away on the connection's lane: wait until it has. */
    private static long awaitStaged(String target, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long staged;
        do {
            Response reply = post(target, sizeQuery());
            assertThat(reply.boincStatus()).as(reply.body()).isIn(0, 1);
            staged = reply.boincStatus() == 0 ? reply.fileSize() : -1;
            if (staged == expected) {
                return staged;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return staged;
    }

    @Test
    void stagedBytesSurviveARestartOfTheDoor() throws Exception {
        byte[] file = randomBytes(50_000, 3);
        Path dir = door.scratch().resolve("restarted");
        String target;
        try (TestDoor first = TestDoor.start(dir)) {
            String token = first.mint("/r/file", "{\"caveats\":[\"activity:UPLOAD\"]}");
            target = target("/r/file", token);
            byte[] envelope = uploadEnvelope(file.length, md5(file), 0, 0).getBytes(StandardCharsets.US_ASCII);
            try (BoincWire.Connection connection = new BoincWire.Connection(first.sslContext(null), first.port())) {
                connection.send(BoincWire.head(target, envelope.length + file.length));
                connection.send(envelope);
                connection.send(java.util.Arrays.copyOf(file, 20_000));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (BoincWire.post(first.sslContext(null), first.port(), target,
                    sizeQuery().getBytes(StandardCharsets.US_ASCII)).fileSize() != 20_000
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        try (TestDoor second = TestDoor.start(dir)) {
            SSLContext context = second.sslContext(null);
            Response size = BoincWire.post(context, second.port(), target,
                    sizeQuery().getBytes(StandardCharsets.US_ASCII));
            assertThat(size.fileSize()).isEqualTo(20_000);
            Response reply = BoincWire.post(context, second.port(), target, upload(file, 20_000));
            assertThat(reply.boincStatus()).as(reply.body()).isZero();
            assertThat(Files.readAllBytes(second.dataDir().resolve("r/file"))).isEqualTo(file);
        }
    }

    @Test
    void stagedBytesAreSweptOnceTheirMacaroonHasExpiredAndCounted() throws Exception {
        try (TestDoor own = TestDoor.start(door.scratch().resolve("sweeping"))) {
            SSLContext context = own.sslContext(null);
            String target = target("/s/file", own.mint("/s/file",
                    "{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT1M\"}"));
            byte[] file = randomBytes(40_000, 12);
            byte[] envelope = uploadEnvelope(file.length, md5(file), 0, 0).getBytes(StandardCharsets.US_ASCII);
            try (BoincWire.Connection connection = new BoincWire.Connection(context, own.port())) {
                connection.send(BoincWire.head(target, envelope.length + file.length));
                connection.send(envelope);
                connection.send(java.util.Arrays.copyOf(file, 12_345));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (BoincWire.post(context, own.port(), target, sizeQuery().getBytes(StandardCharsets.US_ASCII))
                    .fileSize() != 12_345 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            own.sweepExpiredPartials();
            assertThat(hidden(own.dataDir())).hasSize(1);

            own.clock.advance(Duration.ofMinutes(2));
            own.sweepExpiredPartials();

            assertThat(hidden(own.dataDir())).isEmpty();
            String metrics = given().baseUri("http://localhost").port(own.metricsPort()).get("/metrics")
                    .then().statusCode(200).extract().asString();
            assertThat(metrics).contains("gridgate_partial_uploads_swept_total 1.0")
                    .contains("gridgate_partial_uploads_swept_bytes_total 12345.0");
        }
    }

    private static List<String> hidden(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".gridgate")).toList();
        }
    }

    @Test
    void aWrongMd5LeavesNothingVisibleAndTheOldFileIntact() throws Exception {
        Files.createDirectories(door.dataDir().resolve("boinc"));
        Files.writeString(door.dataDir().resolve("boinc/replaced"), "original");
        String token = door.mint("/boinc/replaced", "{\"caveats\":[\"activity:UPLOAD,DELETE\"]}");
        byte[] file = randomBytes(10_000, 4);
        byte[] body = concat(uploadEnvelope(file.length, md5("other".getBytes(StandardCharsets.UTF_8)), 0, 0)
                .getBytes(StandardCharsets.US_ASCII), file);

        Response reply = post(target("/boinc/replaced", token), body);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.boincStatus()).isEqualTo(-1);
        assertThat(reply.message()).contains("MD5");
        assertThat(Files.readString(door.dataDir().resolve("boinc/replaced"))).isEqualTo("original");
        assertThat(internalFiles()).isEmpty();
        assertThat(post(target("/boinc/replaced", token), sizeQuery()).fileSize()).isZero();
    }

    /** The answer to a committed upload was lost: the client asks the size (0: nothing staged) and sends it all again. */
    @Test
    void theRetryOfAnUploadAlreadyStoredIsDoneWithoutDelete() throws Exception {
        byte[] file = randomBytes(30_000, 14);
        String target = target("/boinc/twice", uploadToken("/boinc/twice"));
        assertThat(post(target, upload(file, 0)).boincStatus()).isZero();

        Response again = post(target, upload(file, 0));

        assertThat(again.boincStatus()).as(again.body()).isZero();
        assertThat(Files.readAllBytes(door.dataDir().resolve("boinc/twice"))).isEqualTo(file);
        Response other = post(target, upload(randomBytes(30_000, 15), 0));
        assertThat(other.boincStatus()).isEqualTo(-1);
        assertThat(other.message()).contains("DELETE");
        assertThat(Files.readAllBytes(door.dataDir().resolve("boinc/twice"))).isEqualTo(file);
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void anUploadThatWouldReplaceAFileNeedsDelete() throws Exception {
        Files.createDirectories(door.dataDir().resolve("boinc"));
        Files.writeString(door.dataDir().resolve("boinc/kept"), "original");
        Response reply = post(target("/boinc/kept", uploadToken("/boinc/kept")), upload(randomBytes(100, 5), 0));
        assertThat(reply.boincStatus()).isEqualTo(-1);
        assertThat(reply.message()).contains("DELETE");
        assertThat(Files.readString(door.dataDir().resolve("boinc/kept"))).isEqualTo("original");
    }

    @Test
    void anExpiredMacaroonIsAPermanentErrorForQueryAndUpload() throws Exception {
        try (TestDoor own = TestDoor.start(door.scratch().resolve("expiring"))) {
            String token = own.mint("/e/file", "{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT1M\"}");
            own.clock.advance(Duration.ofMinutes(2));
            SSLContext context = own.sslContext(null);
            for (byte[] body : List.of(sizeQuery().getBytes(StandardCharsets.US_ASCII),
                    upload(randomBytes(100, 6), 0))) {
                Response reply = BoincWire.post(context, own.port(), target("/e/file", token), body);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.boincStatus()).isEqualTo(-1);
                assertThat(reply.message()).contains("Invalid macaroon");
                assertThat(reply.headers()).doesNotContainKey("www-authenticate");
            }
            assertThat(own.dataDir().resolve("e")).doesNotExist();
        }
    }

    @Test
    void aMacaroonWithoutUploadIsAPermanentError() throws Exception {
        String token = door.mint("/boinc/ro", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        Response reply = post(target("/boinc/ro", token), upload(randomBytes(100, 7), 0));
        assertThat(reply.boincStatus()).isEqualTo(-1);
        assertThat(door.dataDir().resolve("boinc/ro")).doesNotExist();
    }

    @Test
    void expectContinueIsAnsweredWithTheRefusalBeforeTheBody() throws Exception {
        String token = door.mint("/boinc/ro2", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        try (BoincWire.Connection connection = new BoincWire.Connection(anonymous, door.port())) {
            connection.send(BoincWire.head(target("/boinc/ro2", token), 5_000_000, "Expect: 100-continue"));
            Response reply = connection.read();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.boincStatus()).isEqualTo(-1);
        }
    }

    @Test
    void expectContinueOfAnAuthorizedUploadGets100ThenStores() throws Exception {
        byte[] file = randomBytes(1_200_000, 8);
        byte[] body = upload(file, 0);
        String target = target("/boinc/big", uploadToken("/boinc/big"));
        try (BoincWire.Connection connection = new BoincWire.Connection(anonymous, door.port())) {
            connection.send(BoincWire.head(target, body.length, "Expect: 100-continue"));
            assertThat(connection.read().status()).isEqualTo(100);
            connection.send(body);
            Response reply = connection.read();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.boincStatus()).as(reply.body()).isZero();
        }
        assertThat(Files.readAllBytes(door.dataDir().resolve("boinc/big"))).isEqualTo(file);
    }

    @Test
    void tooLargeForMaxNbytesOrMaxUploadIsRefusedBeforeAByteIsStored() throws Exception {
        byte[] file = randomBytes(5_000, 9);
        String token = uploadToken("/boinc/large");
        byte[] overMaxNbytes = concat(uploadEnvelope(file.length, md5(file), 0, 4_000)
                .getBytes(StandardCharsets.US_ASCII), file);
        Response reply = post(target("/boinc/large", token), overMaxNbytes);
        assertThat(reply.boincStatus()).isEqualTo(-1);
        assertThat(reply.message()).contains("max_nbytes");

        String limited = door.mint("/boinc/large", "{\"caveats\":[\"activity:UPLOAD\",\"max-upload:4000\"]}");
        reply = post(target("/boinc/large", limited), upload(file, 0));
        assertThat(reply.boincStatus()).isEqualTo(-1);
        assertThat(reply.message()).contains("4000");
        assertThat(door.dataDir().resolve("boinc/large")).doesNotExist();
        assertThat(internalFiles()).isEmpty();
    }

    /**
     * Refused once its envelope is read, after the 100 Continue: the rest of the body is read and dropped and the
     * answer comes after it, on a connection that stays open (an answer while the client still sends could reach
     * it as a reset, which it would retry).
     */
    @Test
    void aRefusalAfterTheEnvelopeIsAnsweredWhenTheBodyIsInOnAConnectionKeptOpen() throws Exception {
        byte[] file = randomBytes(2_000_000, 13);
        String limited = door.mint("/boinc/limited", "{\"caveats\":[\"activity:UPLOAD\",\"max-upload:1000000\"]}");
        String target = target("/boinc/limited", limited);
        byte[] body = upload(file, 0);
        try (BoincWire.Connection connection = new BoincWire.Connection(anonymous, door.port())) {
            connection.send(BoincWire.head(target, body.length, "Expect: 100-continue"));
            assertThat(connection.read().status()).isEqualTo(100);
            connection.send(body);
            Response reply = connection.read();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.boincStatus()).isEqualTo(-1);
            assertThat(reply.message()).contains("1000000");
            assertThat(reply.headers()).doesNotContainEntry("connection", "close");
            assertThat(connection.post(target, sizeQuery().getBytes(StandardCharsets.US_ASCII)).fileSize())
                    .isZero();
        }
        assertThat(door.dataDir().resolve("boinc/limited")).doesNotExist();
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void theEnvelopeIsRecognisedWhateverTheContentTypeAndTheSignatureIsIgnored() throws Exception {
        byte[] file = "hello volunteers\n".getBytes(StandardCharsets.UTF_8);
        String envelope = uploadEnvelope(file.length, md5(file), 0, 0).replace("<xml_signature>\n",
                "<xml_signature>\n<nbytes>1</nbytes><offset>99</offset>\n");
        byte[] body = concat(envelope.getBytes(StandardCharsets.US_ASCII), file);
        String target = target("/boinc/typed", uploadToken("/boinc/typed"));
        try (BoincWire.Connection connection = new BoincWire.Connection(anonymous, door.port())) {
            connection.send("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n");
            connection.send(body);
            assertThat(connection.read().boincStatus()).isZero();
        }
        assertThat(Files.readAllBytes(door.dataDir().resolve("boinc/typed"))).isEqualTo(file);
    }

    @Test
    void malformedEnvelopesArePermanentErrors() throws Exception {
        String token = uploadToken("/boinc/bad");
        String target = target("/boinc/bad", token);
        String md5 = "0123456789abcdef0123456789abcdef";
        List<String> bad = List.of(
                "<data_server_request>\n<get_file_size>x</get_file_size>\n<file_upload>\n</data_server_request>\n",
                "<data_server_request>\n</data_server_request>\n",
                uploadEnvelope(3, md5, 0, 0).replace("<md5_cksum>" + md5 + "</md5_cksum>\n", "") + "abc",
                uploadEnvelope(3, "not-hex", 0, 0) + "abc",
                uploadEnvelope(3, md5, 5, 0),
                uploadEnvelope(3, md5, 0, 0).replace("<nbytes>3</nbytes>", "<nbytes>-3</nbytes>") + "abc",
                uploadEnvelope(3, md5, 0, 0).replace("<nbytes>3</nbytes>", "<nbytes>3</nbytes><nbytes>4</nbytes>")
                        + "abc",
                uploadEnvelope(3, md5, 0, 0).replace("<nbytes>3</nbytes>", "<nbytes>1e999999999</nbytes>") + "abc",
                uploadEnvelope(10, md5, 0, 0) + "abc",   // fewer bytes than nbytes - offset
                uploadEnvelope(3, md5, 0, 0).replace("<data>\n", ""),
                "<data_server_request>\n<xml_signature>" + "x".repeat(70_000));
        for (String body : bad) {
            Response reply = post(target, body);
            assertThat(reply.status()).as(body).isEqualTo(200);
            assertThat(reply.boincStatus()).as(body).isEqualTo(-1);
        }
        assertThat(door.dataDir().resolve("boinc/bad")).doesNotExist();
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void aBodyThatIsNotBoincsIsRefusedPlainly() throws Exception {
        Response reply = post(target("/boinc/form", uploadToken("/boinc/form")), "a=1&b=2");
        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.body()).contains("BOINC");
    }

    @Test
    void resumingBeyondWhatIsStagedIsTransientSoTheClientAsksAgain() throws Exception {
        byte[] file = randomBytes(20_000, 10);
        Response reply = post(target("/boinc/ahead", uploadToken("/boinc/ahead")), upload(file, 5_000));
        assertThat(reply.boincStatus()).as(reply.body()).isEqualTo(1);
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void stagedBytesBelongToTheMacaroonThatSentThem() throws Exception {
        byte[] file = randomBytes(30_000, 11);
        String first = target("/owned/file", uploadToken("/owned/file"));
        byte[] envelope = uploadEnvelope(file.length, md5(file), 0, 0).getBytes(StandardCharsets.US_ASCII);
        try (BoincWire.Connection connection = new BoincWire.Connection(anonymous, door.port())) {
            connection.send(BoincWire.head(first, envelope.length + file.length));
            connection.send(envelope);
            connection.send(java.util.Arrays.copyOf(file, 10_000));
        }
        assertThat(awaitStaged(first, 10_000)).isEqualTo(10_000);
        String other = target("/owned/file", uploadToken("/owned/file"));
        assertThat(post(other, sizeQuery()).fileSize()).isZero();
    }
}
