package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Fixtures.CLIENT;
import static org.gridgate.caveat.Fixtures.NOW;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The revocation list in a store the doors share: the same text as the file, changed by compare-and-set so that
 * concurrent admins all land, and a damaged store leaves the door's list in force.
 */
class SharedRevocationsTest {
    private static final Duration MAX_LIFETIME = Duration.ofDays(7);
    private static final Requester ALICE = new Requester("/DC=org/DC=example/CN=Alice", List.of(), Optional.empty(),
            Optional.empty());
    private static final PolicyRule ALL = new PolicyRule("all", EnumSet.allOf(Activity.class), List.of("/"),
            MAX_LIFETIME, Duration.ofDays(1), List.of());

    @TempDir
    Path directory;

    private final SettableClock clock = new SettableClock(NOW);
    private final MemoryStore store = new MemoryStore();
    private SecretStore secrets;
    private MacaroonIssuer issuer;

    /** Compare-and-set on a value in memory, as on a ZooKeeper node; {@code meddle} runs between read and set. */
    private static final class MemoryStore implements RevocationStore {
        final AtomicReference<byte[]> value = new AtomicReference<>(new byte[0]);
        Runnable meddle = () -> { };
        int attempts;

        @Override
        public byte[] read() {
            return value.get();
        }

        @Override
        public byte[] update(UnaryOperator<byte[]> change) {
            while (true) {
                attempts++;
                byte[] current = value.get();
                byte[] next = change.apply(current);
                Runnable once = meddle;
                meddle = () -> { };
                once.run();
                if (value.compareAndSet(current, next)) {
                    return next;
                }
            }
        }

        @Override
        public String describe() {
            return "in memory";
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        secrets = SecretStore.openOrCreate(directory.resolve("secrets"), clock);
        issuer = new MacaroonIssuer(secrets, requester -> Optional.of(ALL), clock, Duration.ofDays(1), MAX_LIFETIME);
    }

    private String verdict(Revocations door, String token) {
        try {
            new MacaroonVerifier(secrets, door, clock, 100).verify(token, CLIENT);
            return "verified";
        } catch (RevokedMacaroonException e) {
            return "revoked: " + e.revocation().kind();
        } catch (InvalidMacaroonException e) {
            return "invalid: " + e.clientReason();
        }
    }

    private MintedMacaroon mint() throws MintRefusedException {
        return issuer.issue(ALICE, "/data/file", new MacaroonRequest(List.of(), Optional.empty()));
    }

    @Test
    void aRevocationByOneAdminIsSeenByAnotherDoorOnRefresh() throws Exception {
        Revocations door = Revocations.shared(store, clock);
        MintedMacaroon minted = mint();
        assertThat(verdict(door, minted.serialized())).isEqualTo("verified");

        Revocations.shared(store, clock).revokeIssueId(minted.issueId(), MAX_LIFETIME);
        door.refresh();

        assertThat(verdict(door, minted.serialized())).isEqualTo("revoked: ISSUE_ID");
        assertThat(verdict(door, mint().serialized())).isEqualTo("verified");
    }

    @Test
    void twoAdminsRevokingAtOnceBothLand() throws Exception {
        Revocations first = Revocations.shared(store, clock);
        Revocations second = Revocations.shared(store, clock);
        // The second admin writes between the first one's read and its compare-and-set: the first tries again.
        store.meddle = () -> {
            try {
                second.revokePrincipal(ALICE.dn(), MAX_LIFETIME);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        first.revokeIssuedBefore(NOW.minusSeconds(60), MAX_LIFETIME);

        assertThat(Revocations.shared(store, clock).entries()).extracting(Revocation::kind)
                .containsExactlyInAnyOrder(Revocation.Kind.PRINCIPAL, Revocation.Kind.ISSUED_BEFORE);
        assertThat(first.entries()).hasSize(2);
    }

    @Test
    void theStoreHoldsTheFilesText() throws Exception {
        Revocations.shared(store, clock).revokePrincipal(ALICE.dn(), MAX_LIFETIME);
        Path file = directory.resolve("copied.revoked");
        Files.write(file, store.read());

        assertThat(Revocations.open(file, clock).entries()).isEqualTo(Revocations.shared(store, clock).entries());
        assertThat(new String(store.read(), StandardCharsets.UTF_8)).contains("gridgate-revocations 1\nprincipal ");
    }

    @Test
    void aDamagedStoreIsIgnoredOnRefreshAndTheListHeldStaysInForce() throws Exception {
        Revocations door = Revocations.shared(store, clock);
        MintedMacaroon minted = mint();
        Revocations.shared(store, clock).revokeIssueId(minted.issueId(), MAX_LIFETIME);
        door.refresh();
        store.value.set("gridgate-revocations 1\niid\n".getBytes(StandardCharsets.UTF_8));

        door.refresh();
        door.refresh();

        assertThat(verdict(door, minted.serialized())).isEqualTo("revoked: ISSUE_ID");
        assertThatThrownBy(door::reload).isInstanceOf(IOException.class)
                .hasMessageContaining("revocation list in memory line 2");
        // An admin is refused rather than writing over what no one can read any more.
        assertThatThrownBy(() -> Revocations.shared(store, clock)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> door.revokePrincipal(ALICE.dn(), MAX_LIFETIME)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void entriesWhoseMacaroonsHaveAllExpiredAreDroppedOnTheNextWrite() throws Exception {
        Revocations admin = Revocations.shared(store, clock);
        admin.revokeIssuedBefore(NOW.minusSeconds(1), MAX_LIFETIME);
        clock.advance(MAX_LIFETIME.plusSeconds(5));
        admin.revokePrincipal(ALICE.dn(), MAX_LIFETIME);

        assertThat(Revocations.shared(store, clock).entries()).extracting(Revocation::kind)
                .containsExactly(Revocation.Kind.PRINCIPAL);
    }
}
