package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.Path;

import org.gridgate.storage.StorageException.Reason;

/**
 * MOVE and COPY with WebDAV semantics: with overwrite an existing destination of any kind is replaced, otherwise it
 * is ALREADY_EXISTS. A destination is only ever switched by renames, so it is at every moment either the old entry,
 * absent, or the complete new one.
 */
final class Relocation {
    private final ConfinedRoot root;
    private final AtomicPlacement placement;
    private final FileCopier fileCopier;
    private final TreeCopier treeCopier;
    private final TreeRemover remover;

    Relocation(ConfinedRoot root, AtomicPlacement placement, FileCopier fileCopier, TreeCopier treeCopier,
               TreeRemover remover) {
        this.root = root;
        this.placement = placement;
        this.fileCopier = fileCopier;
        this.treeCopier = treeCopier;
        this.remover = remover;
    }

    /** Renames; checksums are extended attributes of the inode, so they move along. */
    void move(NamespacePath from, NamespacePath to, boolean overwrite) throws StorageException {
        Endpoints endpoints = endpoints(from, to, overwrite);
        try {
            place(endpoints.source().local(), endpoints.source().isFile(), endpoints.destination());
        } catch (IOException e) {
            throw IoFailures.map(e, "moving " + from + " to", to);
        }
        placement.syncDirectory(endpoints.source().local().getParent());
        placement.syncDirectory(endpoints.destination().local().getParent());
    }

    /** Stages a complete copy beside the destination first, then places it like a move. */
    void copy(NamespacePath from, NamespacePath to, boolean overwrite) throws StorageException {
        Endpoints endpoints = endpoints(from, to, overwrite);
        Path stagingDirectory = endpoints.destination().local().getParent();
        Path staged;
        try {
            staged = endpoints.source().isFile()
                    ? fileCopier.copyToStage(endpoints.source().local(), stagingDirectory).file()
                    : treeCopier.copyToStage(endpoints.source().local(), stagingDirectory);
        } catch (IOException e) {
            throw IoFailures.map(e, "copying " + from + " to", to);
        }
        try {
            place(staged, endpoints.source().isFile(), endpoints.destination());
        } catch (IOException e) {
            remover.deleteTreeQuietly(staged);
            throw IoFailures.map(e, "copying " + from + " to", to);
        }
        placement.syncDirectory(stagingDirectory);
    }

    private void place(Path source, boolean sourceIsFile, Location destination) throws IOException {
        Path target = destination.local();
        if (!destination.exists()) {
            if (sourceIsFile) {
                placement.placeNewFile(source, target);
            } else {
                placement.placeNewByRename(source, target);
            }
        } else if (sourceIsFile && destination.isFile()) {
            placement.replace(source, target);
        } else {
            placement.swapInto(source, target);
        }
    }

    private Endpoints endpoints(NamespacePath from, NamespacePath to, boolean overwrite) throws StorageException {
        if (from.isRoot() || to.isRoot()) {
            throw new StorageException(Reason.FORBIDDEN_PATH, "the root cannot be moved, copied or replaced");
        }
        if (from.equals(to)) {
            throw new StorageException(Reason.FORBIDDEN_PATH, "source and destination are both " + from);
        }
        if (from.isAncestorOf(to)) {
            throw new StorageException(Reason.FORBIDDEN_PATH, from + " cannot go inside itself (" + to + ")");
        }
        if (to.isAncestorOf(from)) {
            throw new StorageException(Reason.FORBIDDEN_PATH, to + " cannot be replaced by its own content " + from);
        }
        Location source = root.locate(from);
        source.requireExisting();
        Location destination = root.locate(to);
        destination.requireCreatable(false);
        if (destination.exists() && !overwrite) {
            throw new StorageException(Reason.ALREADY_EXISTS, to + " already exists");
        }
        return new Endpoints(source, destination);
    }

    private record Endpoints(Location source, Location destination) {
    }
}
