package org.gridgate.gateway.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.gridgate.gateway.http.ErrorMapping;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.junit.jupiter.api.Test;

/**
 * The lock table lives in the door's memory and any client that may write somewhere can add to it (shared locks
 * on one path, without limit, each with a DAV:owner as long as a 64 KiB body allows; and every attenuated
 * macaroon is a new principal): it is bounded in both.
 */
class LockManagerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aFullLockTableRefusesNewLocksUntilOnesExpire() throws Exception {
        LockManager locks = new LockManager(LockTable.inMemory(), Clock.fixed(NOW, ZoneOffset.UTC), 3);
        for (int i = 0; i < 3; i++) {
            locks.lock("/shared", false, false, "me", "principal-" + i, Duration.ofMinutes(1));
        }

        assertThatThrownBy(() -> locks.lock("/shared", false, false, "me", "another", Duration.ofMinutes(1)))
                .isInstanceOf(BusyException.class)
                .satisfies(e -> assertThat(ErrorMapping.toHttpError(e).status())
                        .isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE));
    }

    @Test
    void expiredLocksMakeRoom() throws Exception {
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        LockManager locks = new LockManager(LockTable.inMemory(), clock, 1);
        locks.lock("/a", true, false, "me", "p", Duration.ofSeconds(1));
        now[0] = NOW.plusSeconds(2);

        assertThat(locks.lock("/b", true, false, "me", "q", Duration.ofSeconds(1)).path()).isEqualTo("/b");
    }

    @Test
    void anOwnerLongerThanTheLimitIsBadRequest() {
        LockManager locks = new LockManager(LockTable.inMemory(), Clock.fixed(NOW, ZoneOffset.UTC), 10);
        String huge = "x".repeat(LockManager.MAX_OWNER_CHARACTERS + 1);

        assertThatThrownBy(() -> locks.lock("/a", true, false, huge, "p", Duration.ofMinutes(1)))
                .isInstanceOf(MalformedRequestException.class)
                .satisfies(e -> assertThat(ErrorMapping.toHttpError(e).status())
                        .isEqualTo(HttpResponseStatus.BAD_REQUEST));
    }
}
