package org.gridgate.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host certificate's dates and names: an expired one fails every client's handshake, and one issued for another
 * host name fails every client that checks names (all of them). Expiry stops the door; a name that does not fit is
 * a warning, because the door cannot know for sure by which name its clients reach it (a DNS alias, a load balancer).
 */
final class HostCertificateCheck {

    /** A certificate that expires within this is reported, so it is renewed before clients break. */
    static final Duration RENEW_WITHIN = Duration.ofDays(14);
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostCertificateCheck() {
    }

    static void check(X509Certificate certificate, String file, String listenHost, Instant now, KeyLines lines,
                      List<ConfigProblem> problems) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            problems.add(lines.error("tls.certificate", file + " expired on " + notAfter
                    + "; install a renewed host certificate"));
        } else if (now.isBefore(notBefore)) {
            problems.add(lines.error("tls.certificate", file + " is valid only from " + notBefore
                    + "; check this machine's clock, or install a certificate valid now"));
        } else if (now.plus(RENEW_WITHIN).isAfter(notAfter)) {
            problems.add(lines.warning("tls.certificate", file + " expires on " + notAfter
                    + "; renew it before then"));
        }
        Set<String> names = hostNames(listenHost);
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        subjectAltNames(certificate, dns, ips);
        if (dns.isEmpty() && ips.isEmpty()) {
            problems.add(lines.warning("tls.certificate", file + " has no subjectAltName; clients check the host "
                    + "name there, so install a host certificate that lists " + String.join(" or ", names)));
            return;
        }
        boolean fits = names.stream().anyMatch(name -> ips.contains(name)
                || dns.stream().anyMatch(pattern -> matches(pattern, name)));
        if (!fits) {
            List<String> listed = new ArrayList<>();
            dns.forEach(name -> listed.add("DNS:" + name));
            ips.forEach(ip -> listed.add("IP:" + ip));
            problems.add(lines.warning("tls.certificate", file + " is issued for " + String.join(", ", listed)
                    + ", not for " + String.join(" or ", names) + " (" + (isWildcard(listenHost)
                    ? "this machine's name" : "listen.host") + "); clients that connect by that name will refuse "
                    + "it: install this host's certificate"));
        }
    }

    /** The names clients may use: listen.host, or this machine's names when the door listens on every address. */
    private static Set<String> hostNames(String listenHost) {
        Set<String> names = new LinkedHashSet<>();
        try {
            if (isWildcard(listenHost)) {
                InetAddress local = InetAddress.getLocalHost();
                names.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
                names.add(local.getHostName().toLowerCase(Locale.ROOT));
            } else {
                names.add(listenHost.toLowerCase(Locale.ROOT));
                InetAddress address = InetAddress.getByName(listenHost);
                names.add(address.getHostAddress());
                if (address.isLoopbackAddress()) {
                    names.add("localhost");
                }
            }
        } catch (UnknownHostException e) {
            names.add(listenHost == null ? "localhost" : listenHost);
        }
        return names;
    }

    private static boolean isWildcard(String host) {
        return host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static void subjectAltNames(X509Certificate certificate, List<String> dns, List<String> ips) {
        try {
            if (certificate.getSubjectAlternativeNames() == null) {
                return;
            }
            for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                int type = (Integer) entry.get(0);
                if (type == SAN_DNS) {
                    dns.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
                } else if (type == SAN_IP) {
                    ips.add(normalisedAddress(String.valueOf(entry.get(1))));
                }
            }
        } catch (CertificateParsingException e) {
            // unreadable names are reported as none
        }
    }

    private static String normalisedAddress(String literal) {
        try {
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    /** RFC 6125: {@code *.example.org} covers one label. */
    private static boolean matches(String pattern, String name) {
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(name);
    }
}
