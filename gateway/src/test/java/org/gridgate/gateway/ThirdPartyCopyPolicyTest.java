package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.containsString;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import eu.emi.security.authn.x509.impl.PEMCredential;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.gridgate.gateway.tpc.RemotePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Third-party copy cannot be turned against the site: a door refuses to pull from or push to what its policy
 * denies, with 403 and before contacting it, also when an allowed remote redirects there.
 */
class ThirdPartyCopyPolicyTest {

    private static final String UPLOAD = "{\"caveats\":[\"activity:UPLOAD\"]}";
    private static final String DOWNLOAD = "{\"caveats\":[\"activity:DOWNLOAD\"]}";

    @TempDir
    static Path dir;
    /** Production defaults: public addresses of other hosts only. */
    static TestDoor guarded;
    /** Allows 127.0.0.1 (and nothing else of loopback) explicitly, as a site would allow an internal storage. */
    static TestDoor allowing;
    /** A dev door holding the file the others copy; dev doors allow loopback. */
    static TestDoor source;
    static byte[] content = new byte[200_000];

    @BeforeAll
    static void startDoors() throws Exception {
        guarded = TestDoor.start(dir.resolve("guarded"), RemotePolicy.defaults());
        allowing = TestDoor.start(dir.resolve("allowing"), RemotePolicy.of(true, List.of("127.0.0.1"), List.of()));
        source = TestDoor.start(dir.resolve("source"));
        new Random(11).nextBytes(content);
        given(source.withProxy()).body(content).put("/tpc/src").then().statusCode(201);
        given(guarded.withProxy()).body(content).put("/out/file").then().statusCode(201);
    }

    @AfterAll
    static void stopDoors() {
        guarded.close();
        allowing.close();
        source.close();
    }

    /** COPY with {@code Source: url} into {@code /in/<target>} of {@code door}, with an UPLOAD macaroon there. */
    private static ValidatableResponse pull(TestDoor door, String url, String target, String... transferHeader)
            throws Exception {
        var request = given(door.anonymous()).header("Authorization", "Bearer " + door.mint("/in", UPLOAD))
                .header("Source", url);
        if (transferHeader.length > 0) {
            request = request.header("TransferHeaderAuthorization", transferHeader[0]);
        }
        return request.request("COPY", "/in/" + target).then();
    }

    /** COPY of {@code door}'s {@code /out/file} with {@code Destination: url}, with a DOWNLOAD macaroon there. */
    private static ValidatableResponse push(TestDoor door, String url) throws Exception {
        return given(door.anonymous()).header("Authorization", "Bearer " + door.mint("/out/file", DOWNLOAD))
                .header("Destination", url).request("COPY", "/out/file").then();
    }

    private static String refusal(String host) {
        return "third-party copy to " + host + " is not allowed by the door's policy";
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "[::1]"})
    void loopbackIsNeitherPulledFromNorPushedToNorContacted(String host) throws Exception {
        try (Listener listener = Listener.on(host.equals("[::1]") ? "::1" : "127.0.0.1")) {
            String url = "https://" + host + ":" + listener.port() + "/f";

            pull(guarded, url, "loopback").statusCode(403).body(containsString(refusal(host)));
            push(guarded, url).statusCode(403).body(containsString(refusal(host)));

            listener.assertNothingConnected();
            assertThat(guarded.dataDir().resolve("in/loopback")).doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "10.1.2.3", "192.168.0.1", "[fd00::1]", "0.0.0.0"})
    void theSiteInsideIsNeitherPulledFromNorPushedTo(String host) throws Exception {
        // Nothing listens there: were the check gone, the copy would try to connect and answer 502 or 202.
        String url = "https://" + host + "/latest/meta-data/iam";

        pull(guarded, url, "inside").statusCode(403).body(containsString(refusal(host)));
        push(guarded, url).statusCode(403).body(containsString(refusal(host)));

        assertThat(guarded.dataDir().resolve("in/inside")).doesNotExist();
    }

    @Test
    void theDoorHostsOwnAddressIsNotContactedEvenWhereLoopbackIsAllowed() throws Exception {
        Optional<InetAddress> own = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
                        && !address.isLinkLocalAddress())
                .findFirst();
        assumeThat(own).as("a non-loopback IPv4 address on this host").isPresent();
        String host = own.get().getHostAddress();
        try (Listener listener = Listener.on(host)) {
            pull(source, "https://" + host + ":" + listener.port() + "/f", "own")
                    .statusCode(403).body(containsString(refusal(host)));
            listener.assertNothingConnected();
        }
    }

    @Test
    void anExplicitlyAllowedLoopbackDoorIsCopiedFrom() throws Exception {
        String read = source.mint("/tpc/src", DOWNLOAD);

        pull(allowing, "https://127.0.0.1:" + source.port() + "/tpc/src", "allowed", "Bearer " + read)
                .statusCode(202).body(containsString("success: Created"));

        assertThat(Files.readAllBytes(allowing.dataDir().resolve("in/allowed"))).isEqualTo(content);
    }

    @Test
    void denyBeatsAllowWhereBothMatch() throws Exception {
        try (TestDoor denying = TestDoor.start(dir.resolve("denying"),
                RemotePolicy.of(true, List.of("127.0.0.0/8", "::1"), List.of("127.0.0.1")))) {
            String read = source.mint("/tpc/src", DOWNLOAD);

            pull(denying, "https://127.0.0.1:" + source.port() + "/tpc/src", "denied", "Bearer " + read)
                    .statusCode(403).body(containsString(refusal("127.0.0.1")));

            assertThat(denying.dataDir().resolve("in/denied")).doesNotExist();
        }
    }

    @Test
    void aRedirectToADeniedHostIsRefusedBeforeItIsContacted() throws Exception {
        try (Listener denied = Listener.on("127.0.0.2");
             Redirector redirector = new Redirector(source, "https://127.0.0.2:" + denied.port() + "/f")) {

            pull(allowing, redirector.url("/f"), "redirected")
                    .statusCode(403).body(containsString(refusal("127.0.0.2")));

            assertThat(redirector.requests).as("the allowed first hop was asked").hasValue(1);
            denied.assertNothingConnected();
            assertThat(allowing.dataDir().resolve("in/redirected")).doesNotExist();
        }
    }

    @Test
    void aRedirectToAnAllowedHostIsFollowedWithoutTheCredentialsMeantForTheFirst() throws Exception {
        String read = URLEncoder.encode(source.mint("/tpc/src", DOWNLOAD), StandardCharsets.UTF_8);
        // Valid nowhere but at the guarded door: had it reached the source, the copy would fail there.
        String firstHopOnly = "Bearer " + guarded.mint("/", DOWNLOAD);
        try (Redirector redirector = new Redirector(source,
                "https://127.0.0.1:" + source.port() + "/tpc/src?authz=" + read)) {

            pull(allowing, redirector.url("/f"), "followed", firstHopOnly)
                    .statusCode(202).body(containsString("success: Created"));

            assertThat(redirector.authorization).hasValue(firstHopOnly);
            assertThat(Files.readAllBytes(allowing.dataDir().resolve("in/followed"))).isEqualTo(content);
        }
    }

    @Test
    void aDoorWithThirdPartyCopyDisabledRefusesEveryCopy() throws Exception {
        try (TestDoor disabled = TestDoor.start(dir.resolve("disabled"), RemotePolicy.of(false, List.of(),
                List.of()))) {
            given(disabled.withProxy()).body(content).put("/out/file").then().statusCode(201);
            String read = source.mint("/tpc/src", DOWNLOAD);

            pull(disabled, "https://127.0.0.1:" + source.port() + "/tpc/src", "off", "Bearer " + read)
                    .statusCode(403).body(containsString("third-party copy is disabled at this door"));
            push(disabled, "https://127.0.0.1:" + source.port() + "/tpc/off")
                    .statusCode(403).body(containsString("third-party copy is disabled at this door"));

            assertThat(disabled.dataDir().resolve("in/off")).doesNotExist();
            assertThat(source.dataDir().resolve("tpc/off")).doesNotExist();
        }
    }

    /** A bare TCP listener that records nothing but whether anything connected. */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket socket;

        private Listener(ServerSocket socket) {
            this.socket = socket;
        }

        static Listener on(String address) throws IOException {
            try {
                return new Listener(new ServerSocket(0, 50, InetAddress.getByName(address)));
            } catch (IOException e) {
                return Assumptions.abort("cannot listen on " + address + " here: " + e.getMessage());
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        /** A connection made before the door answered would be waiting in the backlog by now. */
        void assertNothingConnected() throws IOException {
            socket.setSoTimeout(300);
            assertThatThrownBy(socket::accept).as("a connection to " + socket.getLocalSocketAddress())
                    .isInstanceOf(SocketTimeoutException.class);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** An https server on 127.0.0.1 with the dev host certificate that redirects every request to one place. */
    private static final class Redirector implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicReference<String> authorization = new AtomicReference<>();
        private final HttpsServer server;

        Redirector(TestDoor door, String location) throws Exception {
            PEMCredential host = new PEMCredential(door.dev.pki().hostKey().toString(),
                    door.dev.pki().hostCertificate().toString(), (char[]) null);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(host.getKeyStore(), host.getKeyPassword());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "https://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
