package dev.gotrail.image;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.VersionProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of this machine resolved as if copied into an image ({@link Image#place(Path, String)}):
 * the link map the image's loader would build, and every problem in words that name the image's
 * C library ("the image provides GLIBC up to 2.31; /usr/local/bin/app needs GLIBC_2.34").
 *
 * @param hostFile    the file on this machine
 * @param pathInImage where it is placed in the image
 * @param libc        the image's C library
 * @param linkMap     the loader's answer inside the image ({@link LinkMap#binary()} is {@code pathInImage})
 */
public record Placement(Path hostFile, String pathInImage, Libc libc, LinkMap linkMap) {

    private static final Pattern NEEDS = Pattern.compile("version `([^']+)' not found \\(required by ([^)]+)\\)");

    static Placement of(Image image, Path hostFile, String pathInImage) {
        return in(image, image.loader(), hostFile, pathInImage);
    }

    /**
     * Like {@link Image#place(Path, String)} with a loader of one's own for the image's root (an
     * environment such as {@code LD_LIBRARY_PATH}, {@link dev.gotrail.loader.Loader#asIfLdconfig()}).
     */
    public static Placement in(Image image, dev.gotrail.loader.Loader loader, Path hostFile, String pathInImage) {
        return new Placement(hostFile.toAbsolutePath(), pathInImage, image.libc(), loader.place(hostFile, pathInImage));
    }

    /** True when the loader would start the program: nothing missing, no non-weak version problem, no error. */
    public boolean wouldRun() {
        return linkMap.missing().isEmpty() && linkMap.errors().isEmpty()
                && linkMap.versionProblems().stream().allMatch(VersionProblem::weak);
    }

    /**
     * Every reason it would not start, one line each: version problems naming the image's glibc,
     * missing libraries with the paths searched, load errors (a missing interpreter is what the
     * shell reports as {@code not found}).
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (VersionProblem p : linkMap.versionProblems()) {
            if (!p.weak()) out.add(withImageVersion(libc, p));
        }
        linkMap.missing().forEach(m -> out.add(m.neededBy() + " needs " + m.soname() + ", which the image does not have (searched "
                + String.join(", ", m.searched()) + ")"));
        linkMap.errors().forEach(e -> out.add(e.path() + ": " + e.message()));
        return out;
    }

    /**
     * glibc's message with the image's version in front: {@code the image provides GLIBC up to
     * 2.31; /usr/local/bin/app needs GLIBC_2.34 (version `GLIBC_2.34' not found (required by …))};
     * a version of another library ({@code GLIBCXX_3.4.30}, {@code FOO_2.0}) names the library instead.
     */
    static String withImageVersion(Libc libc, VersionProblem problem) {
        String loaderMessage = problem.message();
        Matcher m = NEEDS.matcher(loaderMessage);
        if (!m.find()) {
            return loaderMessage;
        }
        if (!m.group(1).startsWith("GLIBC_")) {
            return m.group(2) + " needs " + m.group(1) + ", which the image's " + problem.file() + " does not define (" + loaderMessage + ")";
        }
        String provides = libc.flavour() == Libc.Flavour.GLIBC && !libc.version().isEmpty()
                ? "the image provides GLIBC up to " + libc.version()
                : "the image provides " + libc;
        return provides + "; " + m.group(2) + " needs " + m.group(1) + " (" + loaderMessage + ")";
    }
}
