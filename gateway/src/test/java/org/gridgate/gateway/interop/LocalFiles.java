package org.gridgate.gateway.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Adler32;

/** Small local files for the clients to send, and the checksum the door must report for them. */
final class LocalFiles {

    private LocalFiles() {
    }

    /** Writes {@code size} reproducible pseudo-random bytes (seeded by the name) to {@code dir/name}. */
    static Path random(Path dir, String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(name.hashCode()).nextBytes(data);
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), data);
    }

    /** adler32 as dCache and XRootD print it: 8 lower-case hex digits. */
    static String adler32(Path file) throws IOException {
        Adler32 adler = new Adler32();
        adler.update(Files.readAllBytes(file));
        return String.format("%08x", adler.getValue());
    }

    /** md5 as gfal-sum prints it: 32 lower-case hex digits. */
    static String md5(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }
}
