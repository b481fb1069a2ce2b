package org.gridgate.certs;

import eu.emi.security.authn.x509.X509CertChainValidatorExt;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.italiangrid.voms.VOMSAttribute;
import org.italiangrid.voms.VOMSValidators;
import org.italiangrid.voms.ac.VOMSACValidator;
import org.italiangrid.voms.ac.VOMSValidationResult;
import org.italiangrid.voms.store.LSCInfo;
import org.italiangrid.voms.store.VOMSTrustStore;
import org.italiangrid.voms.store.VOMSTrustStoreStatusListener;
import org.italiangrid.voms.store.VOMSTrustStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the VOMS attribute certificates in an already validated chain against a vomsdir ({@code <vo>/<aa>.lsc}
 * files, or AA certificates). Attributes of ACs that fail verification (unknown AA, expired, wrong holder) are logged
 * and dropped: voms-api-java reports their FQANs too, so only {@code isValid()} results are used.
 */
final class VomsVerifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VomsVerifier.class);

    private final VOMSACValidator validator;

    VomsVerifier(Path vomsDirectory, X509CertChainValidatorExt chainValidator, Duration reloadInterval) {
        if (!Files.isDirectory(vomsDirectory)) {
            throw new IllegalArgumentException("VOMS directory " + vomsDirectory + " does not exist");
        }
        VOMSTrustStore store = VOMSTrustStores.newTrustStore(List.of(vomsDirectory.toString()),
                reloadInterval.toMillis(), new LoggingStoreListener());
        this.validator = VOMSValidators.newValidator(store, chainValidator);
    }

    /** {@code validatedChain} must already have passed canl validation: this checks only the ACs. */
    VomsAttributes verify(X509Certificate[] validatedChain) {
        Optional<String> vo = Optional.empty();
        Optional<Instant> validUntil = Optional.empty();
        List<String> fqans = new ArrayList<>();
        for (VOMSValidationResult result : validator.validateWithResult(validatedChain)) {
            VOMSAttribute attributes = result.getAttributes();
            if (!result.isValid()) {
                LOG.warn("Ignoring VOMS attributes of VO {} for {}: {}", attributes.getVO(),
                        OpensslNames.slashForm(attributes.getHolder()), result.getValidationErrors());
                continue;
            }
            if (vo.isEmpty()) {
                vo = Optional.of(attributes.getVO());
            }
            fqans.addAll(attributes.getFQANs());
            Instant notAfter = attributes.getNotAfter().toInstant();
            if (validUntil.isEmpty() || notAfter.isBefore(validUntil.get())) {
                validUntil = Optional.of(notAfter);
            }
        }
        return new VomsAttributes(vo, fqans, validUntil);
    }

    /** Says at debug level which AA certificates and LSC files were found, to diagnose a vomsdir. */
    private static final class LoggingStoreListener implements VOMSTrustStoreStatusListener {
        @Override
        public void notifyCertficateLookupEvent(String directory) {
            LOG.debug("Looking for VOMS AA certificates in {}", directory);
        }

        @Override
        public void notifyLSCLookupEvent(String directory) {
            LOG.debug("Looking for VOMS LSC files in {}", directory);
        }

        @Override
        public void notifyCertificateLoadEvent(X509Certificate certificate, File file) {
            LOG.debug("Loaded VOMS AA certificate {} from {}",
                    OpensslNames.slashForm(certificate.getSubjectX500Principal()), file);
        }

        @Override
        public void notifyLSCLoadEvent(LSCInfo lsc, File file) {
            LOG.debug("Loaded VOMS LSC {} for VO {} from {}", lsc.getCertificateChainDescription(), lsc.getVOName(),
                    file);
        }
    }

    @Override
    public void close() {
        validator.shutdown();
    }
}
