package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed lstat says what the {@code unix:} attribute map says, inode included: etags must not change. */
class PosixAttributesTest {

    @TempDir
    Path dir;

    @Test
    void inodeFromTheFileKeyIsTheUnixInode() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "data");
        PosixAttributes read = PosixAttributes.read(file);
        assertThat(read.inode()).isEqualTo(Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS));
        assertThat(read.size()).isEqualTo(4);
        assertThat(read.kind()).isEqualTo(PosixAttributes.Kind.FILE);
    }

    @Test
    void anUnfamiliarFileKeyFallsBackToTheUnixAttribute() throws Exception {
        Path file = Files.writeString(dir.resolve("g"), "data");
        long expected = (Long) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        assertThat(PosixAttributes.inodeOf("something else", file)).isEqualTo(expected);
        assertThat(PosixAttributes.inodeOf(null, file)).isEqualTo(expected);
        assertThat(PosixAttributes.inodeOf("(dev=1,ino=x)", file)).isEqualTo(expected);
    }

    @Test
    void linksAndDirectoriesAreTold() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("l"), dir.resolve("nowhere"));
        assertThat(PosixAttributes.read(link).kind()).isEqualTo(PosixAttributes.Kind.SYMLINK);
        assertThat(PosixAttributes.read(dir).kind()).isEqualTo(PosixAttributes.Kind.DIRECTORY);
        assertThat(PosixAttributes.readIfExists(dir.resolve("absent"))).isEmpty();
    }
}
