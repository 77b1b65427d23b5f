package dev.gotrail.loader;

import dev.gotrail.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the loader looks for one requested name, glibc 2.36's {@code _dl_map_object} search half
 * (elf/dl-load.c): DT_RPATH of the requesting object and up its loader chain (unless it has
 * DT_RUNPATH), the executable's DT_RPATH, LD_LIBRARY_PATH, the requester's DT_RUNPATH, the
 * ld.so.cache (not for DF_1_NODEFLIB requesters when the entry is in a system directory), the
 * default directories (not for DF_1_NODEFLIB). Each list is walked by {@link #openPath} with the
 * glibc-hwcaps and legacy subdirectories; each file is judged by {@link CandidateCheck}.
 */
final class LibrarySearch {

    private final RootFs fs;
    private final Loader.Shared shared;
    private final SystemConfig sys;
    private final ExpectedObject expected;
    private final boolean secure;
    private final DynamicStrings dst;
    private final MappedObject main;
    private final List<String> llpDirs;

    LibrarySearch(RootFs fs, Loader.Shared shared, SystemConfig sys, ExpectedObject expected, boolean secure,
            DynamicStrings dst, MappedObject main, List<String> llpDirs) {
        this.fs = fs;
        this.shared = shared;
        this.sys = sys;
        this.expected = expected;
        this.secure = secure;
        this.dst = dst;
        this.main = main;
        this.llpDirs = llpDirs;
    }

    /** A name with a slash: DSTs expanded and the one file opened. */
    SearchOutcome openDirect(MappedObject loader, String name) throws LoadFailure {
        String expanded = dst.expand(loader, name);
        if (expanded == null || expanded.isEmpty()) {
            return new SearchOutcome(null, List.of(), false);
        }
        Attempt a = new Attempt(false);
        a.open(expanded, LoadReason.DIRECT);
        return a.outcome();
    }

    /** A name without a slash, searched in glibc's order; {@code preload} marks rtld's {@code __RTLD_SECURE} requests. */
    SearchOutcome search(MappedObject loader, String name, boolean preload) throws LoadFailure {
        Attempt a = new Attempt(preload && secure);
        if (loader.elf.runpath().isEmpty()) {
            boolean didMain = false;
            for (MappedObject l = loader; l != null && !a.done(); l = l.loader) {
                List<String> rp = l.rpathDirs(this::rpathList);
                if (!rp.isEmpty()) {
                    a.openPath(name, rp, LoadReason.RPATH);
                    didMain |= l == main;
                }
            }
            if (!a.done() && !didMain) {
                List<String> rp = main.rpathDirs(this::rpathList);
                if (!rp.isEmpty()) a.openPath(name, rp, LoadReason.RPATH);
            }
        }
        if (!a.done() && !llpDirs.isEmpty()) {
            a.openPath(name, llpDirs, LoadReason.LD_LIBRARY_PATH);
        }
        if (!a.done()) {
            List<String> rp = loader.runpathDirs(this::runpathList);
            if (!rp.isEmpty()) a.openPath(name, rp, LoadReason.RUNPATH);
        }
        if (!a.done() && !a.secureRequest) {
            // secure preloads never consult the cache (dl-load.c: __RTLD_SECURE && __libc_enable_secure)
            Optional<String> cached = sys.cacheLookup(name);
            if (cached.isPresent() && !(loader.elf.noDefaultLib() && inSystemDir(cached.get()))) {
                a.open(cached.get(), sys.cacheReason());
            }
        }
        if (!a.done() && !loader.elf.noDefaultLib()) {
            a.openPath(name, sys.systemDirs, LoadReason.DEFAULT_DIR);
        }
        return a.outcome();
    }

    private List<String> rpathList(MappedObject l) {
        return dst.pathList(l.elf.rpath().orElseThrow(), ":", l);
    }

    private List<String> runpathList(MappedObject l) {
        return dst.pathList(l.elf.runpath().orElseThrow(), ":", l);
    }

    private boolean inSystemDir(String path) {
        for (String d : sys.systemDirs) {
            if (path.startsWith(d)) return true;
        }
        return false;
    }

    /** One search in progress: the steps so far, found_other_class, the accepted candidate. */
    private final class Attempt {
        final boolean secureRequest;
        final List<SearchStep> tried = new ArrayList<>();
        boolean otherClass;
        Candidate found;

        Attempt(boolean secureRequest) {
            this.secureRequest = secureRequest;
        }

        boolean done() {
            return found != null;
        }

        SearchOutcome outcome() {
            return new SearchOutcome(found, tried, otherClass);
        }

        /** {@code open_path}: every directory, each with its glibc-hwcaps/legacy subdirectories that exist, in order. */
        void openPath(String name, List<String> dirs, LoadReason reason) throws LoadFailure {
            for (String dir : dirs) {
                for (String d : sys.searchDirs(fs, shared, dir)) { // subdirectories that exist, then dir
                    if (open(d + name, reason)) return;
                }
            }
        }

        /** {@code open_verify} on one candidate: true when it is accepted; a fatal verdict throws. */
        boolean open(String path, LoadReason reason) throws LoadFailure {
            tried.add(new SearchStep(path, reason));
            Path host = fs.resolve(path);
            if (host == null && sys.createdLink(path) != null) {
                host = fs.resolve(sys.createdLink(path)); // as if ldconfig had created the SONAME link
            }
            CandidateCheck check = host == null ? CandidateCheck.ABSENT : shared.check(host, expected);
            if (check == CandidateCheck.USABLE && secureRequest && reason != LoadReason.DIRECT && !isSetUserId(host)) {
                check = CandidateCheck.NOT_SET_USER_ID;
            }
            if (check.stopsLoader()) {
                throw LoadFailure.rejected(path, check);
            }
            if (check == CandidateCheck.OTHER_CLASS) {
                otherClass = true;
            }
            if (check != CandidateCheck.USABLE) {
                return false;
            }
            ElfFile elf;
            try {
                elf = shared.elf(host);
            } catch (IOException e) {
                throw new LoadFailure(path, "cannot read file data", e.getMessage());
            }
            found = new Candidate(path, elf, shared.fileKeys.computeIfAbsent(host, fs::fileKey), reason);
            return true;
        }
    }

    private static boolean isSetUserId(Path host) {
        try {
            return (((Integer) Files.getAttribute(host, "unix:mode")) & 04000) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
