package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gridgate.storage.StorageException.Reason;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

class PathConfinementPropertyTest {
    private Path root;

    @BeforeProperty
    void createRoot() throws IOException {
        root = Files.createTempDirectory("confinement").toRealPath();
    }

    @AfterProperty
    void removeRoot() throws IOException {
        new TreeRemover().deleteTree(root);
    }

    @Property(tries = 1000)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF) // checked by the coverage below, not read
    void anyAcceptedPathResolvesStrictlyUnderTheRoot(@ForAll("hostilePaths") String path) {
        ConfinedRoot confined = new ConfinedRoot(root);
        try {
            NamespacePath parsed = NamespacePath.parse(path);
            Path local = confined.toLocal(parsed);
            assertThat(local.normalize()).isEqualTo(local);
            assertThat(local.startsWith(root)).isTrue();
            assertThat(local.getNameCount()).isEqualTo(root.getNameCount() + parsed.segments().size());
            Statistics.collect("accepted");
        } catch (StorageException refused) {
            assertThat(refused.reason()).isEqualTo(Reason.FORBIDDEN_PATH);
            Statistics.collect("refused");
        }
        // Both outcomes must be common, or the property would prove nothing.
        Statistics.coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p > 5);
            coverage.check("refused").percentage(p -> p > 5);
        });
    }

    @Property(tries = 300)
    void statOfAnyPathIsForbiddenOrNotFoundInAnEmptyRoot(@ForAll("hostilePaths") String path) throws IOException {
        Storage storage = PosixStorage.open(root);
        try {
            FileStat stat = storage.stat(path);
            assertThat(stat.path()).isEqualTo("/"); // only the root exists
        } catch (StorageException refused) {
            assertThat(refused.reason()).isIn(Reason.FORBIDDEN_PATH, Reason.NOT_FOUND);
        }
    }

    /**
     * Half free-form strings built from the pieces that make paths dangerous, half slash-separated segments drawn
     * from the same pieces, so that both refusals and acceptances are common.
     */
    @Provide
    Arbitrary<String> hostilePaths() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("/", "..", ".", "\\", "\u0000", "\n", "~", "//", "/..", "../", "%2e%2e", "\u2025",
                        ".gridgate-upload-x", "etc", "passwd", "a"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(3));
        Arbitrary<String> freeForm = piece.list().ofMaxSize(12).map(pieces -> String.join("", pieces));
        Arbitrary<String> segmented = piece.list().ofMinSize(1).ofMaxSize(6)
                .map(segments -> "/" + String.join("/", segments));
        return Arbitraries.oneOf(freeForm, segmented);
    }
}
