package org.gridgate.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridgate.gateway.config.DevEnvironment;

/**
 * A {@code gateway.yaml} as an administrator writes it for {@code serve --config}, in the directory of a dev
 * environment whose PKI serves as host credential and CA directory, beside the given policy.
 */
final class DoorConfigFile {

    private DoorConfigFile() {
    }

    /** Writes {@code policy.yaml} and {@code gateway.yaml}; returns the latter. No VOMS directory if it is null. */
    static Path write(DevEnvironment dev, int port, String policyYaml, Path vomsDirectory) throws IOException {
        return write(dev, port, policyYaml, vomsDirectory, null);
    }

    /** As above, with {@code storage.checksums} set to {@code checksumsYaml} (e.g. {@code [md5]}) unless null. */
    static Path write(DevEnvironment dev, int port, String policyYaml, Path vomsDirectory, String checksumsYaml)
            throws IOException {
        return write(dev, port, policyYaml, vomsDirectory, checksumsYaml, "");
    }

    /** As above, with {@code moreYaml} (top-level keys, e.g. {@code tokens:}) appended. */
    static Path write(DevEnvironment dev, int port, String policyYaml, Path vomsDirectory, String checksumsYaml,
                      String moreYaml) throws IOException {
        Path dir = dev.directory();
        Files.writeString(dir.resolve("policy.yaml"), policyYaml);
        return Files.writeString(dir.resolve("gateway.yaml"), String.join("\n",
                "listen: {host: localhost, port: " + port + "}",
                "tls: {certificate: " + dev.pki().hostCertificate() + ", key: " + dev.pki().hostKey()
                        + ", provider: jdk}",
                "grid:",
                "  ca-directory: " + dev.pki().caDirectory(),
                vomsDirectory == null ? "" : "  voms-directory: " + vomsDirectory,
                "storage: {root: " + dir.resolve("data")
                        + (checksumsYaml == null ? "" : ", checksums: " + checksumsYaml) + "}",
                "macaroons: {secret-file: " + dir.resolve("secrets") + ", max-lifetime: P7D}",
                "policy: " + dir.resolve("policy.yaml"), moreYaml, ""));
    }
}
