package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.gridgate.storage.StorageTestSupport.bytes;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dead properties kept in one user extended attribute: updates, limits, and what MOVE, COPY, DELETE, PUT do. */
class DeadPropertiesTest extends PosixStorageFixture {
    static final PropertyName AUTHOR = new PropertyName("http://example.com/ns/", "author");
    static final PropertyName TITLE = new PropertyName("http://example.com/ns/", "title");
    static final PropertyName NO_NAMESPACE = new PropertyName("", "plain");

    @BeforeEach
    void putAFile() throws Exception {
        put(storage, "/file", "content");
    }

    static PropertyChange set(PropertyName name, String value) {
        return new PropertyChange.Set(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static PropertyChange remove(PropertyName name) {
        return new PropertyChange.Remove(name);
    }

    /** The properties as text, in the order the storage gives them. */
    static Map<PropertyName, String> values(Storage storage, String path) throws StorageException {
        Map<PropertyName, String> values = new LinkedHashMap<>();
        storage.deadProperties(path).forEach((name, value) -> values.put(name, new String(value,
                StandardCharsets.UTF_8)));
        return values;
    }

    private Storage withLimits(DeadPropertyLimits limits) throws Exception {
        return new ConfinedPosixStorage(new ConfinedRoot(root.toRealPath()), new UserAttributes(true), limits,
                Set.of(ChecksumAlgorithm.ADLER32));
    }

    private List<String> attributeNames(String name) throws Exception {
        return Files.getFileAttributeView(root.resolve(name), UserDefinedFileAttributeView.class).list();
    }

    @Test
    void aFileHasNoneUntilSomeAreSet() throws Exception {
        assertThat(storage.deadProperties("/file")).isEmpty();
    }

    @Test
    void theyAreReadBackInTheOrderFirstSetAndAReplacedValueKeepsItsPlace() throws Exception {
        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "<a>1</a>"), set(TITLE, "<t>2</t>")));
        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "<a>3</a>")));

        assertThat(values(storage, "/file")).containsExactly(entry(AUTHOR, "<a>3</a>"), entry(TITLE, "<t>2</t>"));
    }

    @Test
    void directoriesAndTheRootHaveThemToo() throws Exception {
        storage.mkdir("/dir");

        storage.updateDeadProperties("/dir", List.of(set(AUTHOR, "d")));
        storage.updateDeadProperties("/", List.of(set(AUTHOR, "r")));

        assertThat(values(storage, "/dir/")).containsExactly(entry(AUTHOR, "d"));
        assertThat(values(storage, "/")).containsExactly(entry(AUTHOR, "r"));
    }

    @Test
    void theMembersOfADirectoryAreReadInOnePassLeavingOutWhatTheListingLeavesOut() throws Exception {
        storage.mkdir("/dir");
        storage.mkdir("/dir/sub");
        put(storage, "/dir/with", "x");
        put(storage, "/dir/without", "x");
        storage.updateDeadProperties("/dir/with", List.of(set(AUTHOR, "w")));
        storage.updateDeadProperties("/dir/sub", List.of(set(AUTHOR, "s")));
        Files.createSymbolicLink(root.resolve("dir/link"), root.resolve("dir/with"));
        Files.writeString(root.resolve("dir/.gridgate-upload-x"), "internal");
        Files.setAttribute(root.resolve("dir/.gridgate-upload-x"), "user:" + DeadPropertyAttributes.ATTRIBUTE,
                Files.getAttribute(root.resolve("dir/with"), "user:" + DeadPropertyAttributes.ATTRIBUTE));

        Map<String, Map<PropertyName, byte[]>> members = storage.deadPropertiesOfMembers("/dir");

        assertThat(members).containsOnlyKeys("with", "sub");
        assertThat(members.get("with").get(AUTHOR)).asString(StandardCharsets.UTF_8).isEqualTo("w");
        assertThatThrownBy(() -> storage.deadPropertiesOfMembers("/file")).extracting("reason")
                .isEqualTo(Reason.NOT_DIRECTORY);
    }

    @Test
    void changesApplyInTheirOrder() throws Exception {
        storage.updateDeadProperties("/file", List.of(remove(AUTHOR), set(AUTHOR, "x"), set(AUTHOR, "y")));
        assertThat(values(storage, "/file")).containsExactly(entry(AUTHOR, "y"));

        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "x"), remove(AUTHOR)));
        assertThat(storage.deadProperties("/file")).isEmpty();
    }

    @Test
    void removingAPropertyThatIsNotThereIsNoError() throws Exception {
        storage.updateDeadProperties("/file", List.of(remove(TITLE)));

        assertThat(storage.deadProperties("/file")).isEmpty();
        assertThat(attributeNames("file")).doesNotContain(DeadPropertyAttributes.ATTRIBUTE);
    }

    @Test
    void allOfThemAreOneUserExtendedAttributeWhichGoesWithTheLastOne() throws Exception {
        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "a"), set(TITLE, "t")));
        assertThat(attributeNames("file")).contains(DeadPropertyAttributes.ATTRIBUTE)
                .filteredOn(name -> name.contains("properties")).hasSize(1);

        storage.updateDeadProperties("/file", List.of(remove(AUTHOR), remove(TITLE)));
        assertThat(attributeNames("file")).doesNotContain(DeadPropertyAttributes.ATTRIBUTE);
    }

    @Test
    void unicodeNamesAndValuesAndTheEmptyNamespaceRoundTrip() throws Exception {
        PropertyName unicode = new PropertyName("urn:ñamespace:\u00e9t\u00e9", "cl\u00e9\uD800\uDC00");
        storage.updateDeadProperties("/file", List.of(set(unicode, "\uD800\uDC00 \u4e2d\u6587"),
                set(NO_NAMESPACE, "randomvalue")));

        assertThat(values(storage, "/file")).containsExactly(entry(unicode, "\uD800\uDC00 \u4e2d\u6587"),
                entry(NO_NAMESPACE, "randomvalue"));
    }

    @Test
    void theDefaultLimitIs64PropertiesIn64KiB() throws Exception {
        assertThat(DeadPropertyLimits.DEFAULT).isEqualTo(new DeadPropertyLimits(64, 65536));
        List<PropertyChange> sixtyFive = IntStream.range(0, 65)
                .mapToObj(i -> set(new PropertyName("urn:x", "p" + i), "v")).toList();

        assertThatThrownBy(() -> storage.updateDeadProperties("/file", sixtyFive))
                .isInstanceOfSatisfying(PropertyUpdateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PROPERTY_LIMIT);
                    assertThat(e.failedChange()).hasValue(64);
                    assertThat(e.getMessage()).contains("at most 64");
                });
        assertThat(storage.deadProperties("/file")).isEmpty();
    }

    @Test
    void anUpdateBeyondTheCountLimitNamesTheChangeAndStoresNothing() throws Exception {
        Storage limited = withLimits(new DeadPropertyLimits(2, 1024));
        limited.updateDeadProperties("/file", List.of(set(AUTHOR, "kept")));

        assertThatThrownBy(() -> limited.updateDeadProperties("/file",
                List.of(set(AUTHOR, "changed"), set(TITLE, "t"), set(NO_NAMESPACE, "third"))))
                .isInstanceOfSatisfying(PropertyUpdateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PROPERTY_LIMIT);
                    assertThat(e.failedChange()).hasValue(2);
                });
        assertThat(values(limited, "/file")).containsExactly(entry(AUTHOR, "kept"));
    }

    @Test
    void aRemovalEarlierInTheUpdateMakesRoom() throws Exception {
        Storage limited = withLimits(new DeadPropertyLimits(1, 1024));
        limited.updateDeadProperties("/file", List.of(set(AUTHOR, "a")));

        limited.updateDeadProperties("/file", List.of(remove(AUTHOR), set(TITLE, "t")));

        assertThat(values(limited, "/file")).containsExactly(entry(TITLE, "t"));
    }

    @Test
    void anUpdateBeyondTheByteLimitNamesTheChangeAndStoresNothing() throws Exception {
        // 9 bytes of header, then 12 of lengths + 22 (namespace) + 6 or 5 (name) + 50 (value): 99, then 188
        Storage limited = withLimits(new DeadPropertyLimits(10, 150));
        String fifty = "x".repeat(50);

        assertThatThrownBy(() -> limited.updateDeadProperties("/file",
                List.of(set(AUTHOR, fifty), set(TITLE, fifty))))
                .isInstanceOfSatisfying(PropertyUpdateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PROPERTY_LIMIT);
                    assertThat(e.failedChange()).hasValue(1);
                    assertThat(e.getMessage()).contains("would take 188 bytes; a resource keeps at most 150");
                });
        assertThat(limited.deadProperties("/file")).isEmpty();

        limited.updateDeadProperties("/file", List.of(set(AUTHOR, fifty)));
        assertThat(values(limited, "/file")).containsEntry(AUTHOR, fifty);
    }

    @Test
    void limitsLargerThanAnExtendedAttributeCannotBeConfigured() {
        assertThatThrownBy(() -> new DeadPropertyLimits(64, 64 * 1024 + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordTheDoorCannotReadReadsAsNoneAndIsNotOverwritten() throws Exception {
        byte[] foreign = "GGDP\u0002 a newer door's record".getBytes(StandardCharsets.UTF_8);
        Files.setAttribute(root.resolve("file"), "user:" + DeadPropertyAttributes.ATTRIBUTE, foreign);

        assertThat(storage.deadProperties("/file")).isEmpty();
        assertThatThrownBy(() -> storage.updateDeadProperties("/file", List.of(set(AUTHOR, "a"))))
                .extracting("reason").isEqualTo(Reason.IO_ERROR);
        assertThat((byte[]) Files.getAttribute(root.resolve("file"), "user:" + DeadPropertyAttributes.ATTRIBUTE))
                .isEqualTo(foreign);
    }

    @Test
    void aMissingResourceIsNotFoundAndInternalOrLinkedPathsAreForbidden() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), root.resolve("file"));

        assertThatThrownBy(() -> storage.deadProperties("/missing")).extracting("reason")
                .isEqualTo(Reason.NOT_FOUND);
        assertThatThrownBy(() -> storage.updateDeadProperties("/missing", List.of(set(AUTHOR, "a"))))
                .extracting("reason").isEqualTo(Reason.NOT_FOUND);
        assertThatThrownBy(() -> storage.updateDeadProperties("/link", List.of(set(AUTHOR, "a"))))
                .extracting("reason").isEqualTo(Reason.FORBIDDEN_PATH);
        assertThatThrownBy(() -> storage.deadProperties("/.gridgate-upload-x")).extracting("reason")
                .isEqualTo(Reason.FORBIDDEN_PATH);
        assertThat(storage.deadProperties("/file")).isEmpty();
    }

    @Test
    void aMoveKeepsThem() throws Exception {
        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "a")));

        storage.move("/file", "/moved", false);

        assertThat(values(storage, "/moved")).containsExactly(entry(AUTHOR, "a"));
    }

    @Test
    void aCopyOfAFileCopiesThemAndReplacesThoseOfTheDestination() throws Exception {
        put(storage, "/other", "other");
        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "a")));
        storage.updateDeadProperties("/other", List.of(set(TITLE, "replaced with the file")));

        storage.copy("/file", "/copy", false);
        storage.copy("/file", "/other", true);

        assertThat(values(storage, "/copy")).containsExactly(entry(AUTHOR, "a"));
        assertThat(values(storage, "/other")).containsExactly(entry(AUTHOR, "a"));
        assertThat(values(storage, "/file")).containsExactly(entry(AUTHOR, "a"));
    }

    @Test
    void aCopyOfATreeCopiesThoseOfEveryFileAndDirectory() throws Exception {
        storage.mkdir("/tree");
        storage.mkdir("/tree/sub");
        put(storage, "/tree/sub/leaf", "leaf");
        storage.updateDeadProperties("/tree", List.of(set(AUTHOR, "top")));
        storage.updateDeadProperties("/tree/sub", List.of(set(AUTHOR, "sub")));
        storage.updateDeadProperties("/tree/sub/leaf", List.of(set(AUTHOR, "leaf")));

        storage.copy("/tree", "/copied", false);

        assertThat(values(storage, "/copied")).containsExactly(entry(AUTHOR, "top"));
        assertThat(values(storage, "/copied/sub")).containsExactly(entry(AUTHOR, "sub"));
        assertThat(values(storage, "/copied/sub/leaf")).containsExactly(entry(AUTHOR, "leaf"));
    }

    @Test
    void aDeleteRemovesThemWithTheFile() throws Exception {
        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "a")));

        storage.delete("/file");
        put(storage, "/file", "new file, same name");

        assertThat(storage.deadProperties("/file")).isEmpty();
    }

    @Test
    void anUploadReplacingAFileKeepsItsProperties() throws Exception {
        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "a")));

        put(storage, "/file", "new content");

        assertThat(read(storage, "/file")).isEqualTo("new content");
        assertThat(values(storage, "/file")).containsExactly(entry(AUTHOR, "a"));
    }

    @Test
    void aFailedUploadLeavesTheOldFileWithItsProperties() throws Exception {
        storage.updateDeadProperties("/file", List.of(set(AUTHOR, "a")));
        Upload upload = storage.beginUpload("/file", UploadOptions.defaults());
        upload.write(bytes("not what the digest says"));

        assertThatThrownBy(() -> upload.commit(Map.of(ChecksumAlgorithm.ADLER32, "00000000")))
                .extracting("reason").isEqualTo(Reason.CHECKSUM_MISMATCH);
        assertThat(read(storage, "/file")).isEqualTo("content");
        assertThat(values(storage, "/file")).containsExactly(entry(AUTHOR, "a"));
    }

    @Test
    void anUploadOfANewFileHasNone() throws Exception {
        put(storage, "/new", "new");

        assertThat(storage.deadProperties("/new")).isEmpty();
    }

    @Test
    void bigValuesRoundTripWhereTheFilesystemHoldsThem() throws Exception {
        try (ScratchFilesystem tmpfs = mountedOrSkip("roomy", "size=4m")) {
            Storage roomy = PosixStorage.open(tmpfs.directory());
            put(roomy, "/big", "x");
            String value = "\u00e9".repeat(30_000); // 60,000 bytes of UTF-8, within the 64 KiB limit

            roomy.updateDeadProperties("/big", List.of(set(AUTHOR, value), set(TITLE, "small")));
            roomy.copy("/big", "/copy", false);

            assertThat(values(roomy, "/big")).containsExactly(entry(AUTHOR, value), entry(TITLE, "small"));
            assertThat(values(roomy, "/copy")).containsExactly(entry(AUTHOR, value), entry(TITLE, "small"));
        }
    }

    /** A tmpfs with room for four inodes keeps under 4 KiB of attributes per file, as ext4 does. */
    @Test
    void aRecordTheFilesystemHasNoRoomForIsNoSpaceAndStoresNothing() throws Exception {
        try (ScratchFilesystem tmpfs = mountedOrSkip("cramped", "size=1m,nr_inodes=4")) {
            Storage cramped = PosixStorage.open(tmpfs.directory());
            put(cramped, "/file", "x");
            cramped.updateDeadProperties("/file", List.of(set(AUTHOR, "kept")));

            assertThatThrownBy(() -> cramped.updateDeadProperties("/file",
                    List.of(set(AUTHOR, "changed"), set(TITLE, "y".repeat(8000)))))
                    .isInstanceOfSatisfying(PropertyUpdateException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.NO_SPACE);
                        assertThat(e.failedChange()).isEqualTo(OptionalInt.empty());
                    });
            assertThat(values(cramped, "/file")).containsExactly(entry(AUTHOR, "kept"));
        }
    }

    /** A tmpfs that keeps user extended attributes (Linux 6.6 and later), or the test is skipped. */
    private ScratchFilesystem mountedOrSkip(String name, String options) throws Exception {
        Optional<ScratchFilesystem> mounted = ScratchFilesystem.mount(root.resolve(name), "tmpfs", options);
        assumeTrue(mounted.isPresent(), "cannot mount a tmpfs here (needs root)");
        if (!Files.getFileStore(mounted.get().directory())
                .supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
            mounted.get().close();
            assumeTrue(false, "tmpfs keeps no user extended attributes before Linux 6.6");
        }
        return mounted.get();
    }
}
