package org.gridgate.gateway.tpc;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which remote endpoints a third-party copy may reach, decided for every address the remote's host resolves to:
 * a {@code deny} entry matching the host or the address refuses; otherwise an {@code allow} entry matching it admits;
 * otherwise {@link DefaultDenials} refuse what is not a public address of another machine; the rest is admitted.
 * The remote is admitted only if every one of its addresses is. Deny beats allow, and allow lifts only the
 * defaults, so an allowed range can still have holes punched into it.
 */
public final class RemotePolicy {

    private final boolean enabled;
    private final List<RemoteRule> allow;
    private final List<RemoteRule> deny;
    private final DefaultDenials defaults;

    RemotePolicy(boolean enabled, List<RemoteRule> allow, List<RemoteRule> deny, DefaultDenials defaults) {
        this.enabled = enabled;
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        this.defaults = defaults;
    }

    /** Public addresses of other machines only: what a door without a {@code third-party-copy} section does. */
    public static RemotePolicy defaults() {
        return new RemotePolicy(true, List.of(), List.of(), new DefaultDenials());
    }

    /**
     * A policy from the configuration's lists (see {@link RemoteRule} for the entry syntax).
     *
     * @throws IllegalArgumentException naming the list and the entry that is wrong
     */
    public static RemotePolicy of(boolean enabled, List<String> allow, List<String> deny) {
        return new RemotePolicy(enabled, rules("allow", allow), rules("deny", deny), new DefaultDenials());
    }

    /**
     * @param host      the host as the URL names it
     * @param addresses everything it resolved to
     * @throws RemoteRefusedException unless every address may be reached
     */
    public void check(String host, List<InetAddress> addresses) throws RemoteRefusedException {
        checkName(host);
        String name = RemoteRule.normalise(host);
        for (InetAddress address : addresses) {
            // An IPv6 address that reaches an IPv4 one through a gateway (NAT64, 6to4) is denied like it.
            Optional<RemoteRule> denied = firstMatch(deny, name, address)
                    .or(() -> DefaultDenials.embeddedIpv4(address).flatMap(ipv4 -> firstMatch(deny, name, ipv4)));
            if (denied.isPresent()) {
                throw RemoteRefusedException.notAllowed(host, address.getHostAddress() + " matches deny entry "
                        + denied.get());
            }
        }
        for (InetAddress address : addresses) {
            if (firstMatch(allow, name, address).isEmpty()) {
                Optional<String> reason = defaults.reason(address);
                if (reason.isPresent()) {
                    throw RemoteRefusedException.notAllowed(host, address.getHostAddress() + " is "
                            + reason.get() + ", denied unless third-party-copy.allow lists it");
                }
            }
        }
    }

    /**
     * What can be decided before the host is looked up: whether copies are enabled at all, and whether a deny entry
     * names the host. A refused name is never sent to DNS.
     */
    public void checkName(String host) throws RemoteRefusedException {
        if (!enabled) {
            throw RemoteRefusedException.disabled();
        }
        for (RemoteRule rule : deny) {
            if (rule instanceof RemoteRule.HostName name && name.matchesName(host)) {
                throw RemoteRefusedException.notAllowed(host, "matches deny entry " + name);
            }
        }
    }

    private static Optional<RemoteRule> firstMatch(List<RemoteRule> rules, String host, InetAddress address) {
        return rules.stream().filter(rule -> rule.matches(host, address)).findFirst();
    }

    private static List<RemoteRule> rules(String list, List<String> entries) {
        List<RemoteRule> rules = new ArrayList<>();
        for (String entry : entries) {
            try {
                rules.add(RemoteRule.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(list + ": " + e.getMessage(), e);
            }
        }
        return rules;
    }

}
