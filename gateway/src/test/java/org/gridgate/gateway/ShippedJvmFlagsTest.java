package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The door's memory defaults are java flags (a {@code java -jar} process cannot set its own heap) and the
 * environment they run in, so every place that starts it must carry the same ones: the README's commands, the
 * systemd unit, and through the unit the benchmark harness. The *IT tests start the jar with them.
 */
class ShippedJvmFlagsTest {

    @Test
    void theReadmesCommandsAndTheUnitStartTheDoorWithTheSameFlags() {
        assertThat(ShippedJvmFlags.readme("dev")).isEqualTo(ShippedJvmFlags.unit());
        assertThat(ShippedJvmFlags.readme("serve")).isEqualTo(ShippedJvmFlags.unit());
        assertThat(ShippedJvmFlags.readmeEnvironment("dev")).isEqualTo(ShippedJvmFlags.unitEnvironment());
        assertThat(ShippedJvmFlags.readmeEnvironment("serve")).isEqualTo(ShippedJvmFlags.unitEnvironment());
    }

    @Test
    void theFlagsBoundTheHeapAndTheDirectMemory() {
        assertThat(ShippedJvmFlags.unit())
                .anyMatch(flag -> flag.startsWith("-Xmx"))
                .anyMatch(flag -> flag.startsWith("-XX:MaxDirectMemorySize="));
    }
}
