package org.gridgate.storage;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Immutable sets of algorithms in their declared order, so records and logs always list them the same way. */
final class ChecksumSets {

    private ChecksumSets() {
    }

    static Set<ChecksumAlgorithm> copyOf(Set<ChecksumAlgorithm> algorithms) {
        EnumSet<ChecksumAlgorithm> copy = EnumSet.noneOf(ChecksumAlgorithm.class);
        copy.addAll(algorithms);
        return Collections.unmodifiableSet(copy);
    }

    static Set<ChecksumAlgorithm> union(Set<ChecksumAlgorithm> first, Set<ChecksumAlgorithm> second) {
        EnumSet<ChecksumAlgorithm> union = EnumSet.noneOf(ChecksumAlgorithm.class);
        union.addAll(first);
        union.addAll(second);
        return Collections.unmodifiableSet(union);
    }

    static Set<ChecksumAlgorithm> difference(Set<ChecksumAlgorithm> all, Set<ChecksumAlgorithm> without) {
        EnumSet<ChecksumAlgorithm> difference = EnumSet.noneOf(ChecksumAlgorithm.class);
        difference.addAll(all);
        difference.removeAll(without);
        return Collections.unmodifiableSet(difference);
    }
}
