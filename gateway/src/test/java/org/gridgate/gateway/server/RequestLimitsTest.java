package org.gridgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.TooManyRequestsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The authentication-failure brake and the request rates, on a clock the test moves. */
class RequestLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DoorMetrics metrics = new DoorMetrics();
    private final InetAddress client = InetAddress.getLoopbackAddress();
    private final InetAddress other = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7});

    RequestLimitsTest() throws Exception {
    }

    @AfterEach
    void close() {
        metrics.close();
    }

    private RequestLimits limits(DoorLimits limits) {
        return new RequestLimits(limits, new LimitLog(metrics, new AccessLog(AccessLog.Format.TEXT)), now::get);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void threeFailuresWithinTheWindowBrakeTheAddressUntilTheBrakeEnds() throws Exception {
        RequestLimits limits = limits(DoorLimits.DEFAULTS);   // 3 in 20 s, braked for 20 s
        limits.authenticationFailed(client);
        advance(Duration.ofSeconds(9));
        limits.authenticationFailed(client);
        advance(Duration.ofSeconds(9));
        assertThatCode(() -> limits.admit(client)).doesNotThrowAnyException();
        limits.authenticationFailed(client);
        assertThatThrownBy(() -> limits.admit(client)).isInstanceOfSatisfying(TooManyRequestsException.class,
                refused -> assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20)));
        assertThatCode(() -> limits.admit(other)).doesNotThrowAnyException();
        advance(Duration.ofSeconds(15));
        assertThatThrownBy(() -> limits.admit(client)).isInstanceOfSatisfying(TooManyRequestsException.class,
                refused -> assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
        advance(Duration.ofSeconds(5));
        assertThatCode(() -> limits.admit(client)).doesNotThrowAnyException();
        assertThat(metrics.scrape()).contains("gridgate_limits_applied_total{reason=\"auth-failures\"} 2.0");
    }

    @Test
    void failuresSpreadWiderThanTheWindowNeverBrake() {
        RequestLimits limits = limits(DoorLimits.DEFAULTS);
        for (int i = 0; i < 10; i++) {
            limits.authenticationFailed(client);
            advance(Duration.ofSeconds(11));
        }
        assertThatCode(() -> limits.admit(client)).doesNotThrowAnyException();
    }

    @Test
    void noBrakeWhenDisabled() {
        RequestLimits limits = limits(DoorLimits.DEFAULTS.withAuthFailureBrake(0, Duration.ofSeconds(20),
                Duration.ofSeconds(20)));
        for (int i = 0; i < 10; i++) {
            limits.authenticationFailed(client);
        }
        assertThatCode(() -> limits.admit(client)).doesNotThrowAnyException();
    }

    @Test
    void anAddressGetsItsShareAndTheDoorItsRate() throws Exception {
        RequestLimits limits = limits(DoorLimits.DEFAULTS.withRequestRate(8, 50));   // 4/s per address
        for (int i = 0; i < 4; i++) {
            limits.admit(client);
        }
        assertThatThrownBy(() -> limits.admit(client)).isInstanceOf(TooManyRequestsException.class);
        for (int i = 0; i < 4; i++) {
            limits.admit(other);
        }
        InetAddress third = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 8});
        assertThatThrownBy(() -> limits.admit(third)).isInstanceOfSatisfying(BusyException.class,
                busy -> assertThat(busy.retryAfter()).contains(Duration.ofSeconds(1)));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));   // one more for each address, two for the door
        limits.admit(client);
        assertThatThrownBy(() -> limits.admit(client)).isInstanceOf(TooManyRequestsException.class);
    }
}
