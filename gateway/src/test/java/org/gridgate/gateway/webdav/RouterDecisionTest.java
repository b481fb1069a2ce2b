package org.gridgate.gateway.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridgate.caveat.MacaroonIssuer;
import org.gridgate.caveat.MacaroonRequest;
import org.gridgate.caveat.MacaroonVerifier;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.Requester;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.auth.ConnectionCredentials;
import org.gridgate.gateway.authz.AccessControl;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.gateway.http.ErrorMapping;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.RequestPath;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.macaroon.MacaroonRequests;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.gridgate.gateway.tpc.RemotePolicy;
import org.gridgate.gateway.tpc.ThirdPartyCopy;
import org.gridgate.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The router's first phase only decides: whatever the method, it never calls the storage and never sends a
 * {@code 100 Continue}, so the driver may run it on the event loop. A refused request is refused there, with its
 * status and words; an authorized one waits for {@link Router.Decision#begin}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterDecisionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final InetAddress PEER = InetAddress.getLoopbackAddress();

    private final List<String> storageCalls = new ArrayList<>();
    private final AtomicInteger continues = new AtomicInteger();
    private EventLoopGroup loops;
    private Router router;
    private SecretStore secrets;

    /** A storage that records every call: the decision phase must make none. */
    private Storage recordingStorage() {
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    storageCalls.add(method.getName());
                    throw new AssertionError("the decision touched storage: " + method.getName());
                });
    }

    @BeforeAll
    void router(@TempDir Path dir) throws Exception {
        secrets = SecretStore.openOrCreate(dir.resolve("secrets"), CLOCK);
        MintingPolicy policy = MintingPolicy.permissiveDev();
        AccessControl access = new AccessControl(policy, LimitedProxyPolicy.DOWNLOAD_ONLY, AnonymousAccess.none());
        MacaroonIssuer issuer = new MacaroonIssuer(secrets, policy, CLOCK, Duration.ofHours(1), Duration.ofDays(1));
        loops = new DefaultEventLoopGroup(1);
        Storage storage = recordingStorage();
        router = new WebDavRouter(storage, access, new MacaroonRequests(issuer, new DoorMetrics()),
                new ThirdPartyCopy(storage, dir, RemotePolicy.defaults(), loops, Runnable::run, CLOCK),
                LockTable.inMemory(), CLOCK);
    }

    @AfterAll
    void stopLoops() {
        loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
    }

    private Client macaroon(String path, String... caveats) throws Exception {
        MacaroonIssuer issuer = new MacaroonIssuer(secrets, MintingPolicy.permissiveDev(), CLOCK,
                Duration.ofHours(1), Duration.ofDays(1));
        String token = issuer.issue(new Requester("/CN=test", List.of(), Optional.empty(), Optional.empty()), path,
                new MacaroonRequest(List.of(caveats), Optional.empty())).serialized();
        return new Client.Bearer(new MacaroonVerifier(secrets, CLOCK).verify(token, PEER));
    }

    private RequestHead head(String method, String path, Client client, String... headers) throws Exception {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path);
        request.headers().set("Host", "door.example.org");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        return new RequestHead(request, RequestPath.fromUri(path), client, new ConnectionCredentials(PEER, null),
                continues::incrementAndGet);
    }

    /** "decided", or the status and message of the refusal; either way without storage or 100 Continue. */
    private String decide(RequestHead head) {
        storageCalls.clear();
        continues.set(0);
        String outcome;
        try {
            router.decide(head);
            outcome = "decided";
        } catch (Exception e) {
            var error = ErrorMapping.toHttpError(e);
            outcome = error == null ? e.toString() : error.status().code() + " " + error.getMessage();
        }
        assertThat(storageCalls).as("storage calls").isEmpty();
        assertThat(continues.get()).as("100 Continue sent").isZero();
        return outcome;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "GET       | /data/b/f | 403 This macaroon does not allow DOWNLOAD on /data/b/f",
        "HEAD      | /data/b/f | 403 This macaroon does not allow READ_METADATA on /data/b/f",
        "DELETE    | /data/a/f | 403 This macaroon does not allow DELETE on /data/a/f",
        "PUT       | /data/b/f | 403 This macaroon does not allow UPLOAD on /data/b/f",
        "MKCOL     | /data/b   | 403 This macaroon does not allow MANAGE on /data/b",
        "PROPPATCH | /data/a/f | 403 This macaroon does not allow UPDATE_METADATA on /data/a/f",
        "LOCK      | /data/b/f | 403 This macaroon does not allow MANAGE on /data/b/f",
        "UNLOCK    | /data/b/f | 403 This macaroon does not allow MANAGE on /data/b/f",
        "PROPFIND  | /data/b   | 403 This macaroon does not allow READ_METADATA on /data/b",
    })
    void anUploadMacaroonIsRefusedBeforeStorageIsAsked(String method, String path, String refusal)
            throws Exception {
        assertThat(decide(head(method, path, macaroon("/data/a", "activity:UPLOAD")))).isEqualTo(refusal);
    }

    @Test
    void moveCopyAndThirdPartyCopiesAreRefusedBeforeStorageIsAsked() throws Exception {
        Client client = macaroon("/data/a", "activity:UPLOAD");
        assertThat(decide(head("MOVE", "/data/a/f", client, "Destination", "/data/a/g")))
                .isEqualTo("403 This macaroon does not allow MANAGE on /data/a/f");
        assertThat(decide(head("COPY", "/data/a/f", client, "Destination", "/data/a/g")))
                .isEqualTo("403 This macaroon does not allow DOWNLOAD on /data/a/f");
        assertThat(decide(head("COPY", "/data/a/f", client, "Destination", "https://remote.example.org/f")))
                .isEqualTo("403 This macaroon does not allow DOWNLOAD on /data/a/f");
        assertThat(decide(head("COPY", "/data/b/f", client, "Source", "https://remote.example.org/f")))
                .isEqualTo("403 This macaroon does not allow UPLOAD on /data/b/f");
    }

    @Test
    void anUploadBeyondMaxUploadIsRefusedBeforeStorageIsAsked() throws Exception {
        Client client = macaroon("/data/a", "activity:UPLOAD", "max-upload:10");
        assertThat(decide(head("PUT", "/data/a/f", client, "Content-Length", "11")))
                .isEqualTo("413 Upload of 11 bytes exceeds the limit of 10 bytes");
    }

    @Test
    void anonymousClientsAreToldToAuthenticateBeforeStorageIsAsked() throws Exception {
        for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "MKCOL", "PROPFIND", "PROPPATCH", "LOCK")) {
            assertThat(decide(head(method, "/data/a", new Client.Anonymous()))).as(method)
                    .isEqualTo("401 Authentication required");
        }
        assertThat(decide(head("POST", "/data/a", new Client.Anonymous(), "Content-Type",
                "application/macaroon-request"))).isEqualTo("401 Authentication required");
    }

    @Test
    void authorizedRequestsAreDecidedWithoutStorageOrContinue() throws Exception {
        Client client = macaroon("/data/a", "activity:DOWNLOAD,UPLOAD,DELETE,MANAGE,LIST,UPDATE_METADATA");
        assertThat(decide(head("GET", "/data/a/f", client))).isEqualTo("decided");
        assertThat(decide(head("HEAD", "/data/a/f", client))).isEqualTo("decided");
        assertThat(decide(head("PUT", "/data/a/f", client, "Content-Length", "5", "Expect", "100-continue")))
                .isEqualTo("decided");
        assertThat(decide(head("DELETE", "/data/a/f", client))).isEqualTo("decided");
        assertThat(decide(head("MKCOL", "/data/a/d", client))).isEqualTo("decided");
        assertThat(decide(head("PROPFIND", "/data/a", client, "Depth", "1"))).isEqualTo("decided");
        assertThat(decide(head("PROPPATCH", "/data/a/f", client))).isEqualTo("decided");
        assertThat(decide(head("MOVE", "/data/a/f", client, "Destination", "/data/a/g"))).isEqualTo("decided");
        assertThat(decide(head("COPY", "/data/a/f", client, "Destination", "/data/a/g"))).isEqualTo("decided");
        assertThat(decide(head("COPY", "/data/a/f", client, "Source", "https://remote.example.org/f")))
                .isEqualTo("decided");
        assertThat(decide(head("LOCK", "/data/a/f", client))).isEqualTo("decided");
        assertThat(decide(head("UNLOCK", "/data/a/f", client))).isEqualTo("decided");
        assertThat(decide(head("POST", "/data/a", client, "Content-Type", "application/macaroon-request")))
                .isEqualTo("decided");
        assertThat(decide(head("OPTIONS", "/data/a", client))).isEqualTo("decided");
    }

    /**
     * A client that may see the path's metadata learns from storage whether it is a collection (LIST) or a file
     * (DOWNLOAD) before it is refused either, so an UPLOAD macaroon's GET is decided in the second phase, by the
     * one storage call that opens the file (a collection refuses to open as one).
     */
    @Test
    void whatOnlyStorageCanTellIsLeftToTheSecondPhase() throws Exception {
        Client client = macaroon("/data/a", "activity:UPLOAD");
        Router.Decision decision = router.decide(head("GET", "/data/a/f", client));
        storageCalls.clear();
        assertThatThrownBy(decision::begin).isInstanceOf(AssertionError.class);
        assertThat(storageCalls).containsExactly("openForRead");
    }
}
