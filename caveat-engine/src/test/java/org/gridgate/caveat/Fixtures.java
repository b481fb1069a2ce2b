package org.gridgate.caveat;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared test data: a fixed clock, real secret files, and macaroons built directly with jmacaroons. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String IN_ONE_HOUR = "before:2026-03-01T13:00:00Z";
    static final InetAddress CLIENT = address("192.0.2.10");

    private Fixtures() {
    }

    static SecretStore store(Path directory) {
        try {
            return SecretStore.openOrCreate(directory.resolve("secrets"), CLOCK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A macaroon signed by the store's current secret, with exactly these caveats. */
    static String mint(SecretStore store, String... caveats) {
        return build(store.current().id(), store.current().key(), caveats).serialize();
    }

    static Macaroon build(String identifier, byte[] key, String... caveats) {
        MacaroonsBuilder builder = Macaroon.builder("test", key, identifier);
        for (String caveat : caveats) {
            builder.addCaveat(caveat);
        }
        return builder.build();
    }

    /** Appends caveats the way a client attenuates offline: no secret needed. */
    static String append(String serialized, String... caveats) {
        MacaroonsBuilder builder = Macaroon.builder(com.github.nitram509.jmacaroons.MacaroonsSerializer.V1
                .deserialize(serialized));
        for (String caveat : caveats) {
            builder.addCaveat(caveat);
        }
        return builder.build().serialize();
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
