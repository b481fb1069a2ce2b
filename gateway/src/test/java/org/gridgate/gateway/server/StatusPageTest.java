package org.gridgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridgate.certs.CredentialExpiry;
import org.gridgate.gateway.metrics.RecentRequests;
import org.junit.jupiter.api.Test;

/** The status page shows what it is given, escaped; nothing from outside the door's code becomes markup. */
class StatusPageTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static StatusPage.Facts facts(List<CredentialExpiry> credentials, List<String> rules) {
        Map<String, Instant> secrets = new LinkedHashMap<>();
        secrets.put("old<id>", NOW.minus(Duration.ofDays(40)));
        secrets.put("newid", NOW.minus(Duration.ofHours(3)));
        return new StatusPage.Facts("GridGate test", NOW.minusSeconds(3600), NOW, "JdkSslServerContext", "nio",
                false, 3, 1, 2, credentials, secrets, rules,
                new RecentRequests(Clock.fixed(NOW, ZoneOffset.UTC)).lastHour());
    }

    @Test
    void textFromCertificatesAndPolicyIsEscaped() {
        String html = StatusPage.render(facts(List.of(new CredentialExpiry(CredentialExpiry.Kind.CA, "x.0",
                "/CN=<script>alert(1)</script>", NOW.plus(Duration.ofDays(400)))),
                List.of("evil: DN /CN=\"><img src=x> may UPLOAD")));
        assertThat(html).doesNotContain("<script>").doesNotContain("<img")
                .contains("/CN=&lt;script&gt;alert(1)&lt;/script&gt;").contains("&quot;&gt;&lt;img src=x&gt;")
                .contains("old&lt;id&gt;");
    }

    @Test
    void credentialsExpiringWithinTwoWeeksAreMarkedAndTheHostCertificateComesFirst() {
        String html = StatusPage.render(facts(List.of(
                new CredentialExpiry(CredentialExpiry.Kind.CRL, "a.r0", "/CN=CA", NOW.plus(Duration.ofDays(3))),
                new CredentialExpiry(CredentialExpiry.Kind.HOST, "hostcert.pem", "/CN=door",
                        NOW.plus(Duration.ofDays(300)))), List.of()));
        assertThat(html.indexOf("hostcert.pem")).isLessThan(html.indexOf("a.r0"));
        assertThat(html).contains("<tr class=\"warn\"><td>crl</td>").contains("3 days")
                .contains("No rules: nobody may mint");
    }

    @Test
    void theNewestSecretIsTheOneThatSigns() {
        String html = StatusPage.render(facts(List.of(), List.of()));
        assertThat(html).containsPattern("<code>newid</code>.*signs new macaroons");
        assertThat(html).containsPattern("<code>old&lt;id&gt;</code>.*40 days.*verifies");
    }
}
