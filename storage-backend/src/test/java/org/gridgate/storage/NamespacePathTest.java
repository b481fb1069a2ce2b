package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamespacePathTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "relative", "a/b", "/a/../b", "/..", "/.", "/a/./b", "/a//b", "//", "/a\\b",
            "/a\u0000b", "/a\nb", "/a\u007fb", "/a\u0085b", "/.gridgate-upload-1234", "/dir/.gridgate-meta.x",
            "/.gridgate-copy-1/inner", "/bad\ud800surrogate"})
    void refusesUnsafePaths(String path) {
        assertThatThrownBy(() -> NamespacePath.parse(path))
                .isInstanceOf(StorageException.class)
                .extracting("reason").isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> NamespacePath.parse(null)).extracting("reason").isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void refusesANameLongerThan255Bytes() {
        assertThatThrownBy(() -> NamespacePath.parse("/" + "é".repeat(128)))
                .extracting("reason").isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void acceptsA255ByteName() throws StorageException {
        assertThat(NamespacePath.parse("/" + "a".repeat(255)).name()).hasSize(255);
    }

    @Test
    void slashIsTheRoot() throws StorageException {
        assertThat(NamespacePath.parse("/").isRoot()).isTrue();
    }

    @Test
    void oneTrailingSlashIsIgnored() throws StorageException {
        assertThat(NamespacePath.parse("/atlas/out/")).isEqualTo(NamespacePath.parse("/atlas/out"));
    }

    @Test
    void splitsIntoSegments() throws StorageException {
        assertThat(NamespacePath.parse("/atlas/out/file 1.root").segments())
                .containsExactly("atlas", "out", "file 1.root");
    }

    @Test
    void acceptsDotsInsideNamesAndUnicode() throws StorageException {
        assertThat(NamespacePath.parse("/..hidden/a.b/.x/日本").segments())
                .containsExactly("..hidden", "a.b", ".x", "日本");
    }

    @Test
    void printsAsTheNormalisedAbsolutePath() throws StorageException {
        assertThat(NamespacePath.parse("/a/b/").toString()).isEqualTo("/a/b");
        assertThat(NamespacePath.ROOT.toString()).isEqualTo("/");
    }

    @Test
    void isAncestorOnlyOfPathsStrictlyBelow() {
        NamespacePath a = new NamespacePath(List.of("a"));

        assertThat(a.isAncestorOf(new NamespacePath(List.of("a", "b")))).isTrue();
        assertThat(a.isAncestorOf(a)).isFalse();
        assertThat(a.isAncestorOf(new NamespacePath(List.of("ab")))).isFalse();
        assertThat(NamespacePath.ROOT.isAncestorOf(a)).isTrue();
    }
}
