package org.gridgate.certs;

import eu.emi.security.authn.x509.CrlCheckingMode;
import eu.emi.security.authn.x509.NamespaceCheckingMode;
import eu.emi.security.authn.x509.OCSPCheckingMode;
import eu.emi.security.authn.x509.OCSPParametes;
import eu.emi.security.authn.x509.ProxySupport;
import eu.emi.security.authn.x509.StoreUpdateListener;
import eu.emi.security.authn.x509.ValidationResult;
import eu.emi.security.authn.x509.impl.CRLParameters;
import eu.emi.security.authn.x509.impl.OpensslCertChainValidator;
import eu.emi.security.authn.x509.impl.RevocationParametersExt;
import eu.emi.security.authn.x509.impl.ValidatorParams;
import eu.emi.security.authn.x509.proxy.ProxyChainInfo;
import eu.emi.security.authn.x509.proxy.ProxyUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's grid trust: a CA directory in /etc/grid-security/certificates layout (hashed {@code .0} certificates,
 * {@code .r0} CRLs, signing policies, namespaces), reloaded on change, plus an optional vomsdir. Validates proxy
 * chains with canl (RFC 3820 and legacy proxies) and extracts verified VOMS attributes.
 *
 * <p>Thread-safe; open one per process and {@link #close()} it on shutdown (stops canl's and VOMS's reload timers).
 */
public final class GridTrust implements AutoCloseable {
    /** How often the CA directory (certificates, CRLs, policies) and the vomsdir are re-read by default. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(GridTrust.class);

    private final OpensslCertChainValidator validator;
    private final Optional<VomsVerifier> voms;
    private final IdentityMapping mapping;
    private final ValidatedChains validated;
    private final Clock clock;
    private final X509TrustManager trustManager;

    private GridTrust(OpensslCertChainValidator validator, Optional<VomsVerifier> voms, IdentityMapping mapping,
                      ValidatedChains validated, Clock clock) {
        this.validator = validator;
        this.clock = clock;
        this.voms = voms;
        this.mapping = mapping;
        this.validated = validated;
        this.trustManager = new AcceptingTrustManager(validator);
    }

    /**
     * @param caDirectory the trust anchors directory
     * @param vomsDirectory a vomsdir with {@code <vo>/<host>.lsc} files; empty means VOMS attributes are ignored
     * @param mapping       local account mapping; {@link IdentityMapping#none()} for none
     */
    public static GridTrust open(Path caDirectory, Optional<Path> vomsDirectory, IdentityMapping mapping) {
        return open(caDirectory, vomsDirectory, mapping, DEFAULT_RELOAD_INTERVAL);
    }

    /** As {@link #open(Path, Optional, IdentityMapping)}, re-reading the directories every {@code reloadInterval}. */
    public static GridTrust open(Path caDirectory, Optional<Path> vomsDirectory, IdentityMapping mapping,
                                 Duration reloadInterval) {
        if (!Files.isDirectory(caDirectory)) {
            throw new IllegalArgumentException("CA directory " + caDirectory + " does not exist");
        }
        // IF_VALID: a CA's CRL is used when present and current; sites whose fetch-crl lags are not locked out.
        RevocationParametersExt revocation = new RevocationParametersExt(CrlCheckingMode.IF_VALID,
                new CRLParameters(), new OCSPParametes(OCSPCheckingMode.IGNORE));
        Clock clock = Clock.systemUTC(); // canl validates against the system clock too
        ValidatedChains validated = new ValidatedChains(clock);
        StoreUpdateListener forgetValidatedChains = (location, type, severity, error) -> validated.forgetAll();
        ValidatorParams parameters = new ValidatorParams(revocation, ProxySupport.ALLOW,
                List.of(GridTrust::logStoreUpdate, forgetValidatedChains));
        OpensslCertChainValidator validator = new OpensslCertChainValidator(caDirectory.toString(), true,
                NamespaceCheckingMode.EUGRIDPMA_GLOBUS, reloadInterval.toMillis(), parameters, false);
        validator.addValidationListener(error -> {
            LOG.debug("canl: {}", error);
            return false;
        });
        try {
            Optional<VomsVerifier> voms = vomsDirectory.map(dir -> new VomsVerifier(dir, validator, reloadInterval));
            return new GridTrust(validator, voms, mapping, validated, clock);
        } catch (RuntimeException e) {
            validator.dispose();
            throw e;
        }
    }

    private static void logStoreUpdate(String location, String type, StoreUpdateListener.Severity severity,
                                       Exception error) {
        if (severity == StoreUpdateListener.Severity.NOTIFICATION) {
            LOG.debug("Loaded {} {}", type, location);
        } else {
            LOG.warn("Problem loading {} {}: {}", type, location, error == null ? severity : error.getMessage());
        }
    }

    /**
     * A trust manager for the TLS server. It must never throw on a client chain: the TLS layer only asks for a
     * certificate, and {@link #authenticate} decides per request, so a client with a bad proxy still gets a clear
     * HTTP 401/403 instead of a handshake alert. Its accepted issuers are the CAs of the directory.
     */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /**
     * Validates the chain (proxy first) and returns who it is; throws with a reason for every refusal. Only pass a
     * chain a TLS peer presented: the handshake is what proves the client holds the first certificate's key.
     */
    public GridIdentity authenticate(List<X509Certificate> chain) throws CertificateRejectedException {
        if (chain.isEmpty()) {
            throw new CertificateRejectedException("no client certificate");
        }
        X509Certificate[] certificates = chain.toArray(X509Certificate[]::new);
        String fingerprint;
        try {
            fingerprint = ValidatedChains.fingerprint(certificates);
        } catch (CertificateEncodingException e) {
            throw new CertificateRejectedException(RejectionReasons.NOT_VALIDATABLE, e);
        }
        ValidatedChains.Validated valid = validated.find(fingerprint).orElse(null);
        if (valid == null) {
            valid = validate(certificates, fingerprint);
        }
        return new GridIdentity(valid.dn(), valid.fqans(), valid.vo(), valid.limitedProxy(),
                mapping.map(valid.dn(), valid.fqans()), chain);
    }

    /** Full validation with canl and voms-api-java; a success is remembered under {@code fingerprint}. */
    private ValidatedChains.Validated validate(X509Certificate[] certificates, String fingerprint)
            throws CertificateRejectedException {
        String presented = describeSubject(certificates);
        ValidationResult result;
        try {
            result = validator.validate(certificates);
        } catch (RuntimeException e) {
            // Seen with canl 2.8.3: a certificate claiming a trusted CA's name but signed by another key makes the
            // CRL check throw NullPointerException. Whatever canl cannot finish is not valid.
            // One line: the refusal is the client's problem, not the door's; the stack trace is for debugging.
            LOG.warn("Refused client certificate {}: canl failed on it ({})", presented, e.toString());
            LOG.debug("canl's failure on {}", presented, e);
            throw new CertificateRejectedException(RejectionReasons.NOT_VALIDATABLE, e);
        }
        if (!result.isValid()) {
            String reason = RejectionReasons.describe(result.getErrors());
            LOG.info("Refused client certificate {}: {} [{}]", presented, reason, result.toShortString());
            throw new CertificateRejectedException(reason);
        }
        Optional<X509Certificate> expired = firstExpired(certificates);
        if (expired.isPresent()) {
            LOG.info("Refused client certificate {}: {} (at {})", presented, RejectionReasons.EXPIRED,
                    expired.get().getNotAfter().toInstant());
            throw new CertificateRejectedException(RejectionReasons.EXPIRED);
        }
        X509Certificate identityCertificate = ProxyUtils.getEndUserCertificate(certificates);
        Optional<String> purposeViolation = ClientKeyPurpose.violation(identityCertificate);
        if (purposeViolation.isPresent()) {
            LOG.info("Refused client certificate {}: {}", presented, purposeViolation.get());
            throw new CertificateRejectedException(purposeViolation.get());
        }
        String dn = OpensslNames.slashForm(identityCertificate.getSubjectX500Principal());
        boolean limited = isLimitedProxy(certificates);
        VomsAttributes attributes = voms.map(v -> v.verify(certificates)).orElse(VomsAttributes.NONE);
        return validated.remember(fingerprint, certificates, dn, attributes, limited);
    }

    /** Forgets every validated chain, as a CA directory reload does (for measuring validation itself). */
    void forgetValidatedChains() {
        validated.forgetAll();
    }

    /** How many validated chains are remembered now (for tests and diagnostics). */
    long rememberedChains() {
        return validated.size();
    }

    /**
     * canl accepts a proxy for five minutes after it has expired (its clock-skew grace,
     * {@code BCCertPathValidator.PROXY_VALIDATION_GRACE_PERIOD}); a door that refuses a macaroon the second it
     * expires refuses an expired proxy the same way, and so does the check that re-runs on every request of a
     * keep-alive connection.
     */
    private Optional<X509Certificate> firstExpired(X509Certificate[] certificates) {
        Instant now = clock.instant();
        for (X509Certificate certificate : certificates) {
            if (certificate.getNotAfter().toInstant().isBefore(now)) {
                return Optional.of(certificate);
            }
        }
        return Optional.empty();
    }

    private static boolean isLimitedProxy(X509Certificate[] certificates) throws CertificateRejectedException {
        if (!ProxyUtils.isProxy(certificates)) {
            return false;
        }
        try {
            return new ProxyChainInfo(certificates).isLimited();
        } catch (CertificateException | IOException e) {
            // canl accepted the chain, so this means an extension canl validates but cannot parse here: refuse.
            throw new CertificateRejectedException("unreadable proxy policy: " + e.getMessage(), e);
        }
    }

    private static String describeSubject(X509Certificate[] certificates) {
        return OpensslNames.slashForm(certificates[0].getSubjectX500Principal());
    }

    @Override
    public void close() {
        voms.ifPresent(VomsVerifier::close);
        validator.dispose();
    }
}
