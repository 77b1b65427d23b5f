package dev.gotrail.loader;

import java.util.List;

/**
 * What one search for a name gave: the accepted candidate (null when none), every step tried in
 * order, and whether only objects of the other ELF class were seen ({@code found_other_class}).
 */
record SearchOutcome(Candidate found, List<SearchStep> tried, boolean otherClass) {

    SearchOutcome {
        tried = List.copyOf(tried);
    }
}
