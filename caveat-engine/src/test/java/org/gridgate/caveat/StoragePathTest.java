package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoragePathTest {

    @Test
    void normalisesRepeatedAndTrailingSlashesAndDots() {
        assertThat(StoragePath.resolve("//data/./a//b/")).hasToString("/data/a/b");
    }

    @Test
    void rootIsSlash() {
        assertThat(StoragePath.resolve("/")).isEqualTo(StoragePath.ROOT).hasToString("/");
        assertThat(StoragePath.resolve("")).isEqualTo(StoragePath.ROOT);
    }

    @Test
    void dotDotClimbsWithinThePath() {
        assertThat(StoragePath.resolve("/data/a/../b")).hasToString("/data/b");
    }

    @Test
    void dotDotNeverClimbsAboveTheTop() {
        assertThat(StoragePath.resolve("/../../etc/passwd")).hasToString("/etc/passwd");
    }

    @Test
    void chrootResolvesAbsolutePathsBelowThisPath() {
        assertThat(StoragePath.resolve("/data").chroot("/a")).hasToString("/data/a");
    }

    @Test
    void chrootNeverEscapesThisPath() {
        assertThat(StoragePath.resolve("/data/alice").chroot("../bob/x")).hasToString("/data/alice/bob/x");
        assertThat(StoragePath.resolve("/data/alice").chroot("a/../../..")).hasToString("/data/alice");
    }

    @Test
    void percentEncodedDotsAreOrdinaryNames() {
        assertThat(StoragePath.resolve("/data").chroot("%2e%2e/x")).hasToString("/data/%2e%2e/x");
    }

    @Test
    void refusesControlCharacters() {
        assertThatThrownBy(() -> StoragePath.resolve("/data/\u0000x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsItselfAndWhatIsBelow() {
        StoragePath prefix = StoragePath.resolve("/data/a");
        assertThat(prefix.isWithin(prefix)).isTrue();
        assertThat(StoragePath.resolve("/data/a/x").isWithin(prefix)).isTrue();
    }

    @Test
    void doesNotContainSiblingSharingAStringPrefix() {
        assertThat(StoragePath.resolve("/data/ab").isWithin(StoragePath.resolve("/data/a"))).isFalse();
    }

    @Test
    void doesNotContainItsAncestors() {
        assertThat(StoragePath.resolve("/data").isWithin(StoragePath.resolve("/data/a"))).isFalse();
    }

    @Test
    void everythingIsWithinRoot() {
        assertThat(StoragePath.resolve("/x/y").isWithin(StoragePath.ROOT)).isTrue();
    }

    @Test
    void relativeToStripsTheAncestor() {
        assertThat(StoragePath.resolve("/a/b/c").relativeTo(StoragePath.resolve("/a"))).hasToString("/b/c");
    }

    @Test
    void acceptsOnlyNormalisedPathsWhenAskedTo() {
        assertThat(StoragePath.ifNormalised("/data//a/")).contains(StoragePath.resolve("/data/a"));
        assertThat(StoragePath.ifNormalised("/data/../etc")).isEmpty();
        assertThat(StoragePath.ifNormalised("/data/./a")).isEmpty();
        assertThat(StoragePath.ifNormalised("data/a")).isEmpty();
        assertThat(StoragePath.ifNormalised("/data/\na")).isEmpty();
    }

    @Test
    void keepsUnicodeNamesVerbatim() {
        assertThat(StoragePath.resolve("/dätä/файл")).hasToString("/dätä/файл");
    }
}
