package org.gridgate.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.gridgate.certs.DevPki;

/** One dev PKI for all doors of a test run, made on first use in a temporary directory. */
final class SharedPki {

    private static final Path TEMPLATE = create();

    private SharedPki() {
    }

    private static Path create() {
        try {
            Path dir = Files.createTempDirectory("gridgate-test-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TemporaryDirectory.deleteQuietly(dir)));
            DevPki.createOrReuse(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared PKI itself: its host credential serves test servers that doors trust (a token issuer). */
    static DevPki pki() throws IOException {
        return DevPki.createOrReuse(TEMPLATE);
    }

    /** Copies the PKI files (not data, not secrets) into {@code dir}, keeping permissions. */
    static void copyInto(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATE)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(TEMPLATE.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
