package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.gridgate.gateway.server.DoorLimits;
import org.gridgate.gateway.server.ProxyProtocolSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a load balancer every connection comes from the balancer: the door's per-client limits must count the
 * address in the PROXY header, or one abusive client behind HAProxy would brake every client, and one address's cap
 * would be the whole service's. Here the "balancer" is this test, connecting from 127.0.0.5 (the one configured
 * source) with PROXY v2 headers that name two clients.
 */
class ProxyProtocolLimitsTest {
    private static final String BALANCER = "127.0.0.5";

    @TempDir
    static Path dir;
    static TestDoor door;

    @BeforeAll
    static void start() throws Exception {
        door = TestDoor.startAdjusted(dir, services -> services
                .withProxyProtocol(ProxyProtocolSources.of(List.of(BALANCER + "/32")))
                .withLimits(DoorLimits.DEFAULTS
                        .withAuthFailureBrake(3, Duration.ofSeconds(60), Duration.ofSeconds(60))
                        .withConnections(100, 2)));
    }

    @AfterAll
    static void stop() {
        if (door != null) {
            door.close();
        }
    }

    /** A TLS connection from the balancer that introduces itself as {@code client}. */
    private static SSLSocket connectAs(String client) throws Exception {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(BALANCER, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", door.port()), 5000);
        plain.setSoTimeout(10_000);
        plain.getOutputStream().write(ProxyHeader.v2(client, door.port()));
        plain.getOutputStream().flush();
        SSLSocket socket = (SSLSocket) door.sslContext(null).getSocketFactory()
                .createSocket(plain, "localhost", door.port(), true);
        socket.startHandshake();
        return socket;
    }

    /** One keep-alive request on {@code socket}: the status code. */
    private static int request(SSLSocket socket, String method, String path, String authorization)
            throws IOException {
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        String status = RawHttps.line(in);
        long length = 0;
        for (String header = RawHttps.line(in); !header.isEmpty(); header = RawHttps.line(in)) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(header.substring(15).trim());
            }
        }
        in.readNBytes((int) length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    @Test
    void theAuthenticationBrakeStopsTheClientInTheHeaderAndNotTheOthersBehindTheSameBalancer() throws Exception {
        String token = door.mint("/atlas/brake", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        try (LogCapture log = new LogCapture();
             SSLSocket abuser = connectAs("192.0.2.66");
             SSLSocket neighbour = connectAs("192.0.2.77")) {
            for (int i = 0; i < 3; i++) {
                assertThat(request(abuser, "GET", "/atlas/brake/x", "Bearer not-a-macaroon")).isEqualTo(401);
            }
            assertThat(request(abuser, "PUT", "/atlas/brake/f", "Bearer " + token))
                    .as("braked, even with a good token").isEqualTo(429);

            assertThat(request(neighbour, "PUT", "/atlas/brake/f", "Bearer " + token))
                    .as("another client through the same balancer").isEqualTo(201);
            assertThat(log.awaitContaining("braked after 3 failed authentications").lines()
                    .filter(line -> line.contains("braked after"))).as("the access line names the client")
                    .singleElement().asString().contains("192.0.2.66 - ").contains("\" 429 ");
            assertThat(log.awaitContaining("192.0.2.77 - ")).contains("PUT /atlas/brake/f HTTP/1.1\" 201");
        }
    }

    @Test
    void theConnectionCapPerAddressCountsTheAddressInTheHeader() throws Exception {
        List<SSLSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                SSLSocket socket = connectAs("198.51.100.1");
                open.add(socket);
                assertThat(request(socket, "OPTIONS", "/", null)).isEqualTo(200);
            }
            assertThatThrownBy(() -> {
                SSLSocket third = connectAs("198.51.100.1");
                open.add(third);
                request(third, "OPTIONS", "/", null);
            }).as("a third connection of the same client").isInstanceOf(IOException.class);

            SSLSocket other = connectAs("198.51.100.2");
            open.add(other);
            assertThat(request(other, "OPTIONS", "/", null)).as("another client through the same balancer")
                    .isEqualTo(200);
        } finally {
            for (SSLSocket socket : open) {
                socket.close();
            }
        }
    }
}
