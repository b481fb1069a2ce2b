package org.gridgate.gateway.tpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Resolve once, check every address, connect to what was checked: DNS answering differently later changes nothing. */
class RemoteResolverTest {

    private static final RemotePolicy LOOPBACK_ALLOWED = RemotePolicy.of(true, List.of("127.0.0.1"), List.of());

    /** A name service that answers {@code first} once and {@code later} ever after, as a rebinding attacker's. */
    private static final class RebindingNames implements RemoteResolver.NameService {
        final AtomicInteger lookups = new AtomicInteger();
        private final InetAddress[] first;
        private final InetAddress[] later;

        RebindingNames(InetAddress[] first, InetAddress[] later) {
            this.first = first;
            this.later = later;
        }

        @Override
        public InetAddress[] lookup(String host) {
            return lookups.getAndIncrement() == 0 ? first : later;
        }
    }

    private static InetAddress[] ip(String... literals) throws Exception {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = InetAddress.getByName(literals[i]);
        }
        return addresses;
    }

    @Test
    void theEndpointCarriesTheAddressesThatWereChecked() throws Exception {
        RebindingNames names = new RebindingNames(ip("192.0.2.10", "2001:db8::10"), ip("127.0.0.1"));
        RemoteEndpoint endpoint = new RemoteResolver(RemotePolicy.defaults(), names)
                .admit(new URI("https://storage.example.org/f"));
        assertThat(endpoint.addresses()).containsExactly(ip("192.0.2.10", "2001:db8::10"));
        assertThat(endpoint.host()).isEqualTo("storage.example.org");
        assertThat(endpoint.port()).isEqualTo(443);
        assertThat(names.lookups).hasValue(1);
    }

    @Test
    void oneDeniedAddressAmongSeveralRefusesTheRemote() throws Exception {
        RebindingNames names = new RebindingNames(ip("192.0.2.10", "10.0.0.5"), ip("192.0.2.10"));
        assertThatThrownBy(() -> new RemoteResolver(RemotePolicy.defaults(), names)
                .admit(new URI("https://storage.example.org/f")))
                .isInstanceOf(RemoteRefusedException.class);
    }

    @Test
    void aNameTheDenyListNamesIsNeverLookedUp() throws Exception {
        RebindingNames names = new RebindingNames(ip("192.0.2.10"), ip("192.0.2.10"));
        RemotePolicy policy = RemotePolicy.of(true, List.of(), List.of("*.evil.example"));
        assertThatThrownBy(() -> new RemoteResolver(policy, names).admit(new URI("https://x.evil.example/f")))
                .isInstanceOf(RemoteRefusedException.class);
        assertThat(names.lookups).hasValue(0);
    }

    @Test
    void ipv6LiteralsLoseTheirBracketsForTls() throws Exception {
        RemoteEndpoint endpoint = new RemoteResolver(RemotePolicy.of(true, List.of("::1"), List.of()))
                .admit(new URI("https://[::1]:8443/f"));
        assertThat(endpoint.host()).isEqualTo("::1");
        assertThat(endpoint.port()).isEqualTo(8443);
        assertThat(endpoint.addresses()).containsExactly(ip("::1"));
    }

    @Test
    void theConnectionGoesToTheCheckedAddressEvenIfTheNameNowResolvesElsewhere() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // The check sees 127.0.0.1 (allowed here); every later lookup would say 10.0.0.5 (denied).
            RebindingNames names = new RebindingNames(ip("127.0.0.1"), ip("10.0.0.5"));
            RemoteClient client = new RemoteClient(new RemoteResolver(LOOPBACK_ALLOWED, names),
                    SslContextBuilder.forClient().build(), loops);
            AtomicBoolean reached = new AtomicBoolean();
            Thread refuseTls = new Thread(() -> {
                try (Socket accepted = listener.accept()) {
                    reached.set(true);
                    accepted.getOutputStream().write("not TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // nothing connected before the listener closed: the assertion below fails
                }
            });
            refuseTls.start();

            assertThatThrownBy(() -> client.connect(new URI("https://rebinding.example:" + listener.getLocalPort()
                    + "/f"))).isInstanceOf(IOException.class).hasMessageContaining("TLS");

            refuseTls.join(10_000);
            assertThat(reached).as("the checked address was connected to").isTrue();
            assertThat(names.lookups).as("looked up once, for the check").hasValue(1);
        } finally {
            loops.shutdownGracefully().syncUninterruptibly();
        }
    }
}
