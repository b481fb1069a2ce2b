package org.gridgate.caveat;

import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Explains a token for humans ({@code gateway.jar inspect}): identifier, location, caveats one per line, expiry,
 * and whether it verifies with the configured secrets. Never prints the signature or any key. Everything taken
 * from the token is escaped, so a crafted token cannot write to the terminal.
 */
public final class MacaroonInspector {

    private MacaroonInspector() {
    }

    /**
     * One line per fact; throws IllegalArgumentException with a readable message for a token that is not a macaroon.
     * {@code ip:} caveats cannot be checked without a client, so "verifies: yes" then says so.
     */
    public static List<String> describe(String serialized, Optional<MacaroonVerifier> verifier) {
        DecodedMacaroon decoded;
        try {
            decoded = DecodedMacaroon.decode(serialized);
        } catch (InvalidMacaroonException e) {
            throw new IllegalArgumentException("not a macaroon: " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        lines.add("identifier: " + LogSafe.text(decoded.identifier()));
        lines.add("location: " + LogSafe.text(decoded.location()));
        Optional<Instant> expiry = Optional.empty();
        boolean hasIpCaveat = false;
        for (DecodedMacaroon.PacketCaveat caveat : decoded.caveats()) {
            if (caveat.thirdParty()) {
                lines.add("caveat: (third-party) " + LogSafe.text(caveat.text()));
                continue;
            }
            lines.add("caveat: " + LogSafe.text(caveat.text()));
            mintedLine(caveat.text()).ifPresent(lines::add);
            hasIpCaveat |= caveat.text().startsWith(CaveatType.IP.label() + ":");
            expiry = earliest(expiry, beforeOf(caveat.text()));
        }
        lines.add("expires: " + expiry.map(Instant::toString).orElse("never (no before: caveat; refused)"));
        if (verifier.isPresent()) {
            lines.add(verdict(verifier.get(), serialized, hasIpCaveat));
        }
        return lines;
    }

    private static String verdict(MacaroonVerifier verifier, String serialized, boolean hasIpCaveat) {
        try {
            verifier.verify(serialized, Optional.<InetAddress>empty());
            return hasIpCaveat ? "verifies: yes (ip: caveats not checked)" : "verifies: yes";
        } catch (InvalidMacaroonException e) {
            return "verifies: no (" + e.getMessage() + ")";
        }
    }

    /** For an {@code iid:} of this door's shape: when its line was first minted (what revocations compare). */
    private static Optional<String> mintedLine(String caveat) {
        String prefix = CaveatType.ISSUE_ID.label() + ":";
        if (!caveat.startsWith(prefix)) {
            return Optional.empty();
        }
        IssueId id = new IssueId(caveat.substring(prefix.length()));
        int generations = id.lineage().size() - 1;
        return id.issuedAt().equals(Instant.EPOCH) ? Optional.empty()
                : Optional.of("minted: " + id.issuedAt() + (generations == 0 ? ""
                        : " (its line; minted from another macaroon " + generations + " time(s) since)"));
    }

    private static Optional<Instant> beforeOf(String caveat) {
        String prefix = CaveatType.BEFORE.label() + ":";
        if (!caveat.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(caveat.substring(prefix.length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }
}
