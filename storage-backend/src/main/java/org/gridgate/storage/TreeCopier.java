package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a directory tree into a hidden staging directory, which the caller then renames into place: a directory
 * copy appears whole or not at all. Only what the namespace shows is copied: regular files and directories with
 * addressable names, with their dead properties; links, special files and internal files are left out.
 */
final class TreeCopier {
    private final FileCopier fileCopier;
    private final DeadPropertyAttributes propertyStore;
    private final TreeRemover remover;

    TreeCopier(FileCopier fileCopier, DeadPropertyAttributes propertyStore, TreeRemover remover) {
        this.fileCopier = fileCopier;
        this.propertyStore = propertyStore;
        this.remover = remover;
    }

    /** @return the hidden staging directory ({@code stagingParent/.gridgate-copy-<random>}) holding the copy */
    Path copyToStage(Path sourceDirectory, Path stagingParent) throws IOException {
        Path stage = stagingParent.resolve(InternalNames.newCopyName());
        Files.createDirectory(stage);
        try {
            Files.walkFileTree(sourceDirectory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                        throws IOException {
                    if (directory.equals(sourceDirectory)) {
                        propertyStore.copy(directory, stage);
                        return FileVisitResult.CONTINUE;
                    }
                    if (!NamespacePath.isAddressableName(directory.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectory(counterpart(directory));
                    propertyStore.copy(directory, counterpart(directory));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile() && NamespacePath.isAddressableName(name)) {
                        Path destination = counterpart(file);
                        FinishedFile copy = fileCopier.copyToStage(file, destination.getParent());
                        Files.move(copy.file(), destination, StandardCopyOption.ATOMIC_MOVE);
                    }
                    return FileVisitResult.CONTINUE;
                }

                private Path counterpart(Path inSource) {
                    return stage.resolve(sourceDirectory.relativize(inSource));
                }
            });
            return stage;
        } catch (IOException | RuntimeException e) {
            remover.deleteTreeQuietly(stage);
            throw e;
        }
    }
}
