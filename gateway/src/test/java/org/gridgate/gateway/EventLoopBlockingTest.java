package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Fails when a blocking file call runs on an event-loop thread. BlockHound (with Netty's own integration, which
 * knows Netty's threads) instruments the JDK's file system calls: open, stat, read, write, fsync, rename, mkdir,
 * readdir, xattrs. The door then serves one request of every kind over real TLS; any such call made on an event
 * loop is recorded with its stack and fails the test. Surefire runs this class alone in its own JVM, since
 * BlockHound cannot be uninstalled.
 */
class EventLoopBlockingTest {

    private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();

    static {
        BlockHound.Builder builder = BlockHound.builder();
        ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
        // The file system calls under java.nio.file and FileChannel, which BlockHound does not know by default.
        for (String method : List.of("open0", "unlink0", "rename0", "mkdir0", "rmdir0", "realpath0", "opendir0",
                "access0", "fgetxattr0", "fsetxattr0")) {
            markNative(builder, "sun.nio.fs.UnixNativeDispatcher", method);
        }
        for (String method : List.of("stat0", "lstat0", "exists0", "openat0", "fstatat0")) {
            markNative(builder, "sun.nio.fs.UnixNativeDispatcher", method);
        }
        for (String method : List.of("read0", "pread0", "readv0", "write0", "pwrite0", "writev0", "force0",
                "truncate0", "size0")) {
            markNative(builder, "sun.nio.ch.FileDispatcherImpl", method);
        }
        builder
                // Lines other than the access log (refusals, warnings) are written to stderr synchronously: not a
                // file call of the door's, and known.
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                // The access log only queues its line for the appender's worker; the queue's lock may park for a
                // moment, and a full queue makes the request wait on purpose rather than lose lines (logback.xml).
                .allowBlockingCallsInside("org.gridgate.gateway.server.BatchingAsyncAppender", "append")
                // Handing a batch to the I/O pool takes its queue's lock for an instant; when an I/O thread holds it at
                // that moment the event loop parks for that instant. That is the hand-off's cost, not file work.
                .allowBlockingCallsInside("org.gridgate.gateway.server.IoExecutor$Lane", "next")
                // /dev/urandom for macaroon identifiers never blocks once the kernel's pool is seeded.
                .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
                .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implGenerateSeed")
                .blockingMethodCallback(method -> BLOCKED.add(Thread.currentThread().getName() + ": " + method
                        + "\n" + stackOf(new Throwable())))
                .install();
    }

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    private static void markNative(BlockHound.Builder builder, String type, String method) {
        String descriptor = switch (method) {
            case "open0" -> "(JII)I";
            case "unlink0", "rmdir0" -> "(J)V";
            case "rename0" -> "(JJ)V";
            case "mkdir0", "access0" -> "(JI)V";
            case "realpath0" -> "(J)[B";
            case "opendir0" -> "(J)J";
            case "fgetxattr0" -> "(IJJI)I";
            case "fsetxattr0" -> "(IJJI)V";
            case "stat0", "lstat0" -> "(JLsun/nio/fs/UnixFileAttributes;)V";
            case "exists0" -> "(J)Z";
            case "openat0" -> "(IJII)I";
            case "fstatat0" -> "(IJILsun/nio/fs/UnixFileAttributes;)V";
            case "read0", "write0" -> "(Ljava/io/FileDescriptor;JI)I";
            case "pread0", "pwrite0" -> "(Ljava/io/FileDescriptor;JIJ)I";
            case "readv0", "writev0" -> "(Ljava/io/FileDescriptor;JI)J";
            case "force0" -> "(Ljava/io/FileDescriptor;Z)I";
            case "truncate0" -> "(Ljava/io/FileDescriptor;J)I";
            case "size0" -> "(Ljava/io/FileDescriptor;)J";
            default -> throw new IllegalArgumentException(method);
        };
        builder.markAsBlocking(type, method, descriptor);
    }

    private static String stackOf(Throwable where) {
        StringBuilder text = new StringBuilder();
        for (StackTraceElement frame : where.getStackTrace()) {
            text.append("    at ").append(frame).append('\n');
        }
        return text.toString();
    }

    @BeforeAll
    static void detectorWorks() {
        // Proof that the detector sees a file call on a Netty event loop at all; cleared before the real test.
        io.netty.channel.EventLoopGroup loop = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.nio.NioIoHandler.newFactory());
        try {
            loop.submit(() -> java.nio.file.Files.getLastModifiedTime(door.dataDir())).syncUninterruptibly();
        } finally {
            loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertThat(BLOCKED).as("BlockHound catches a stat on an event loop").isNotEmpty();
        BLOCKED.clear();
    }

    @Test
    void everyKindOfRequestLeavesItsFileWorkToTheIoExecutor() throws Exception {
        byte[] large = new byte[3 * 1024 * 1024 + 5];
        new Random(7).nextBytes(large);
        String all = door.mint("/atlas/el", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD,DELETE,MANAGE,LIST,"
                + "READ_METADATA,UPDATE_METADATA\"]}");
        String bearer = "Bearer " + all;

        given(door.anonymous()).header("Authorization", bearer).put("/atlas/el/dir/").then();
        given(door.anonymous()).header("Authorization", bearer).request("MKCOL", "/atlas/el/made")
                .then().statusCode(201);
        given(door.anonymous()).header("Authorization", bearer).body("small").put("/atlas/el/small")
                .then().statusCode(201);
        given(door.anonymous()).header("Authorization", bearer).header("Expect", "100-continue").body(large)
                .put("/atlas/el/large").then().statusCode(201);
        given(door.anonymous()).header("Authorization", bearer).body(large).put("/atlas/el/large")
                .then().statusCode(204);
        given(door.anonymous()).header("Authorization", bearer).get("/atlas/el/small").then().statusCode(200);
        byte[] back = given(door.anonymous()).header("Authorization", bearer).get("/atlas/el/large")
                .then().statusCode(200).extract().asByteArray();
        assertThat(back).isEqualTo(large);
        given(door.anonymous()).header("Authorization", bearer).header("Range", "bytes=100-200000")
                .get("/atlas/el/large").then().statusCode(206);
        given(door.anonymous()).header("Authorization", bearer).header("Range", "bytes=0-10,200000-300000")
                .get("/atlas/el/large").then().statusCode(206);
        given(door.anonymous()).header("Authorization", bearer).header("Want-Digest", "md5,adler32")
                .head("/atlas/el/large").then().statusCode(200);
        given(door.anonymous()).header("Authorization", bearer).header("Depth", "1")
                .request("PROPFIND", "/atlas/el").then().statusCode(207);
        given(door.anonymous()).header("Authorization", bearer).get("/atlas/el/").then().statusCode(200);
        given(door.anonymous()).header("Authorization", bearer).contentType("application/xml")
                .body("<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:x=\"urn:x\"><d:set><d:prop>"
                        + "<x:colour>blue</x:colour></d:prop></d:set></d:propertyupdate>")
                .request("PROPPATCH", "/atlas/el/small").then().statusCode(207);
        given(door.anonymous()).header("Authorization", bearer).header("Destination", door.url("/atlas/el/copy"))
                .request("COPY", "/atlas/el/small").then().statusCode(201);
        given(door.anonymous()).header("Authorization", bearer).header("Destination", door.url("/atlas/el/moved"))
                .request("MOVE", "/atlas/el/copy").then().statusCode(201);
        String lockToken = given(door.anonymous()).header("Authorization", bearer).contentType("application/xml")
                .body("<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope>"
                        + "<d:locktype><d:write/></d:locktype></d:lockinfo>")
                .request("LOCK", "/atlas/el/moved").then().statusCode(200).extract().header("Lock-Token");
        given(door.anonymous()).header("Authorization", bearer).header("Lock-Token", lockToken)
                .request("UNLOCK", "/atlas/el/moved").then().statusCode(204);
        given(door.anonymous()).header("Authorization", bearer).delete("/atlas/el/moved").then().statusCode(204);
        given(door.anonymous()).header("Authorization", bearer).request("OPTIONS", "/atlas/el").then()
                .statusCode(200);
        // BOINC: a size query, an upload cut off (the staged bytes kept), its resumption, a refusal in BOINC's form.
        javax.net.ssl.SSLContext plain = door.sslContext(null);
        String boinc = "/atlas/el/boinc?authz=" + all;
        byte[] envelope = BoincWire.uploadEnvelope(large.length, BoincWire.md5(large), 0, 0)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (BoincWire.Connection connection = new BoincWire.Connection(plain, door.port())) {
            connection.send(BoincWire.head(boinc, envelope.length + large.length));
            connection.send(envelope);
            connection.send(java.util.Arrays.copyOf(large, 1_000_000));
        }
        long staged = 0;
        for (int i = 0; i < 200 && staged != 1_000_000; i++) {
            Thread.sleep(50);
            staged = BoincWire.post(plain, door.port(), boinc, BoincWire.sizeQuery()
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)).fileSize();
        }
        assertThat(BoincWire.post(plain, door.port(), boinc, BoincWire.upload(large, staged)).boincStatus())
                .isZero();
        assertThat(BoincWire.post(plain, door.port(), "/atlas/el/boinc?authz=junk", BoincWire.sizeQuery()
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)).boincStatus()).isEqualTo(-1);
        // Refusals, answered on the event loop.
        given(door.anonymous()).header("Authorization", "Bearer junk").get("/atlas/el/small").then()
                .statusCode(401);
        given(door.anonymous()).get("/atlas/el/small").then().statusCode(401);
        given(door.withProxy()).get("/atlas/el/large").then().statusCode(200);

        assertThat(BLOCKED).as("blocking calls on an event loop").isEmpty();
    }

    /**
     * A WLCG token is checked on the event loop only with its issuer's keys in memory; fetching them (the first
     * token, an unknown key id) is socket I/O, which BlockHound also catches, and must happen on the lane.
     */
    @Test
    void wlcgTokenKeysAreNeverFetchedOnAnEventLoop() throws Exception {
        try (WlcgIssuer issuer = WlcgIssuer.start();
             TestDoor tokens = TestDoor.startConfigured(door.scratch().resolve("tokens"), WlcgTokenTest.POLICY,
                     null, null, "tokens:\n  issuers:\n" + issuer.configEntry("/"))) {
            java.nio.file.Files.createDirectories(tokens.dataDir().resolve("atlas/out"));
            String unknownKid = WlcgIssuer.sign(issuer.claims().build(),
                    new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256).keyID("other")
                            .build(), new com.nimbusds.jose.crypto.ECDSASigner(issuer.key));
            given(tokens.anonymous()).header("Authorization", "Bearer " + unknownKid).get("/atlas/out")
                    .then().statusCode(401);
            String bearer = "Bearer " + issuer.token();
            given(tokens.anonymous()).header("Authorization", bearer).body("token bytes").put("/atlas/out/t")
                    .then().statusCode(201);
            given(tokens.anonymous()).header("Authorization", bearer).get("/atlas/out/t").then().statusCode(200);
            given(tokens.anonymous()).header("Authorization", bearer).contentType("application/macaroon-request")
                    .body("{\"caveats\":[\"activity:DOWNLOAD\"]}").post("/atlas/out/t").then().statusCode(200);
        }
        assertThat(BLOCKED).as("blocking calls on an event loop").isEmpty();
    }
}
