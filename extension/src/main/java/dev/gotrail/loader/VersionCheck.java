package dev.gotrail.loader;

import dev.gotrail.elf.VersionDefinition;
import dev.gotrail.elf.VersionNeed;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code _dl_check_all_versions} (elf/dl-version.c): every VERNEED of every loaded object against
 * the VERDEF of the object it names, with glibc's messages; a missing non-weak version is an
 * error, a weak one or an object without version information a warning.
 */
final class VersionCheck {

    private VersionCheck() {
    }

    static List<VersionProblem> check(List<MappedObject> order, List<MappedObject> loaded, Loader.Shared shared) {
        List<VersionProblem> problems = new ArrayList<>();
        for (MappedObject l : order) {
            for (VersionNeed need : l.elf.versionNeeds()) {
                MappedObject target = null;
                for (MappedObject o : loaded) {
                    if (o.answersTo(need.file())) {
                        target = o;
                        break;
                    }
                }
                if (target == null) {
                    continue; // missing (already reported) or not a dependency: the loader checks nothing
                }
                List<VersionDefinition> defs = target.elf.versionDefinitions();
                if (defs.isEmpty()) {
                    if (!need.versions().isEmpty()) {
                        problems.add(new VersionProblem(need.versions().get(0).name(), target.path, l.path, true,
                                "no version information available (required by " + l.path + ")"));
                    }
                    continue;
                }
                for (VersionNeed.Requirement r : need.versions()) {
                    if (!shared.defines(target.elf, r.name(), r.hash())) {
                        String msg = (r.weak() ? "weak version `" : "version `") + r.name() + "' not found (required by " + l.path + ")";
                        problems.add(new VersionProblem(r.name(), target.path, l.path, r.weak(), msg));
                    }
                }
            }
        }
        return problems;
    }
}
