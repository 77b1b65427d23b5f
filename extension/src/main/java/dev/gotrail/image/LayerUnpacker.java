package dev.gotrail.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Applies layer tars, bottom first, to one directory (the image root being built), by the OCI
 * image spec's rules for applying changesets: whiteouts ({@code .wh.NAME} removes NAME from the
 * layers below, {@code .wh..wh..opq} empties its directory of what the layers below put there),
 * hard links and symlinks as stored.
 *
 * <p>Everything in a layer is hostile until proven otherwise. An entry is rejected with an
 * {@link ImageFormatException} naming image, blob and entry when its name is absolute or climbs
 * with {@code ..} ({@link EntryNames}), when it would be written through a symlink (any symlink: a
 * layer entry never needs one, since a layer records changes at their real paths), when a hard link
 * names something outside the root or a directory, or when the entry count or sizes pass the
 * {@link ImageLimits}. An existing file is always unlinked before its replacement is created
 * ({@code O_CREAT|O_EXCL}), so a write never goes through a symlink or into another hard link's
 * inode. Device nodes, FIFOs and sockets are not materialised (they are listed in
 * {@link #skipped()}); set-user-ID, set-group-ID and sticky bits are dropped.
 */
final class LayerUnpacker {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Path image;
    private final Path root;
    private final ImageLimits limits;
    private final List<String> skipped = new ArrayList<>();
    private final byte[] buffer = new byte[1 << 16];
    private long entries;
    private long bytes;
    /** This process's umask, which creation applies; a chmod is needed only for the bits it removes. */
    private final int umask;

    // per layer
    private String blob;
    private Set<String> created;
    /** Directories known to be real directories (relative paths), so parents are not re-checked per entry. */
    private final Set<String> knownDirs = new HashSet<>();
    /**
     * Directories this layer created empty ("" = the root before the first layer): a name in one
     * of them that this layer has not created yet cannot exist, so no lstat is needed (most
     * entries of a base layer; a failed lstat costs an exception in Java).
     */
    private Set<String> freshDirs = new HashSet<>(Set.of(""));

    LayerUnpacker(Path image, Path root, ImageLimits limits) {
        this.image = image;
        this.root = root;
        this.limits = limits;
        this.umask = umask(root);
    }

    /** The umask, learnt by creating a directory with mode 0777 and reading what it got. */
    private static int umask(Path root) {
        Path probe = root.resolve(".gotrail-umask-probe");
        try {
            Files.createDirectory(probe, PosixFilePermissions.asFileAttribute(permissions(0777)));
            int got = 0;
            for (PosixFilePermission p : Files.getPosixFilePermissions(probe, LinkOption.NOFOLLOW_LINKS)) {
                got |= 1 << (8 - p.ordinal());
            }
            Files.delete(probe);
            return ~got & 0777;
        } catch (IOException | RuntimeException e) {
            return 0777; // unknown: always chmod
        }
    }

    /** What was not materialised: {@code "<blob>: <entry> (<type>)"}. */
    List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Applies one uncompressed layer tar, read to its end. */
    void apply(InputStream layerTar, String blobName) throws IOException {
        this.blob = blobName;
        this.created = new HashSet<>();
        if (entries > 0) {
            freshDirs = new HashSet<>(); // later layers land on what earlier ones made
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(layerTar);
        TarArchiveEntry e;
        while (true) {
            try {
                e = tar.getNextEntry();
            } catch (IOException | IllegalArgumentException ex) {
                throw fail(null, "the layer is not a readable tar (" + ImageFormatException.reason(ex) + ")", ex);
            }
            if (e == null) {
                break;
            }
            if (++entries > limits.maxEntries()) {
                throw fail(e.getName(), "the image has more than " + limits.maxEntries() + " entries (limit)", null);
            }
            entry(tar, e);
        }
    }

    private void entry(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
        String name = e.getName();
        List<String> comps;
        try {
            comps = EntryNames.components(name);
        } catch (EntryNames.UnsafeName u) {
            throw fail(name, u.getMessage(), null);
        }
        if (comps.isEmpty()) {
            return; // "./": the root itself
        }
        String last = comps.get(comps.size() - 1);
        List<String> parentComps = comps.subList(0, comps.size() - 1);
        if (last.equals(OPAQUE)) {
            Path dir = existingDir(parentComps, name);
            if (dir != null) {
                clearLower(dir, EntryNames.join(parentComps));
            }
            return;
        }
        if (last.startsWith(WHITEOUT)) {
            String hidden = last.substring(WHITEOUT.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw fail(name, "a whiteout must name one entry of its directory, not '" + hidden + "'", null);
            }
            Path dir = existingDir(parentComps, name);
            List<String> target = new ArrayList<>(parentComps);
            target.add(hidden);
            String rel = EntryNames.join(target);
            if (dir != null && !created.contains(rel)) {
                remove(dir.resolve(hidden), rel);
            }
            return;
        }
        String rel = EntryNames.join(comps);
        Path parent = parentDir(parentComps, name);
        Path target = parent.resolve(last);
        boolean absent = freshDirs.contains(EntryNames.join(parentComps)) && !created.contains(rel);
        if (e.isDirectory()) {
            BasicFileAttributes a = absent ? null : attributes(target);
            int mode = (e.getMode() | 0700) & 0777;
            if (a == null || !a.isDirectory() || a.isSymbolicLink()) {
                if (a != null) {
                    remove(target, rel);
                }
                Files.createDirectory(target, PosixFilePermissions.asFileAttribute(permissions(mode)));
                if ((mode & umask) != 0) {
                    Files.setPosixFilePermissions(target, permissions(mode));
                }
                freshDirs.add(rel);
            } else {
                Files.setPosixFilePermissions(target, permissions(mode));
            }
            knownDirs.add(rel);
        } else if (e.isSymbolicLink()) {
            String link = e.getLinkName();
            if (link.isEmpty() || link.indexOf('\0') >= 0 || link.length() > EntryNames.MAX_NAME) {
                throw fail(name, "symlink with an empty, NUL-bearing or over-long target", null);
            }
            if (!absent) replace(target, rel);
            Files.createSymbolicLink(target, Path.of(link));
        } else if (e.isLink()) {
            hardLink(e, target, rel);
        } else if (isRegular(e)) {
            long size = e.getSize();
            if (size > limits.maxEntryBytes()) {
                throw fail(name, "its size " + size + " passes the limit of " + limits.maxEntryBytes() + " bytes per file", null);
            }
            if (bytes + size > limits.maxTotalBytes()) {
                throw fail(name, "the image's files pass the limit of " + limits.maxTotalBytes() + " bytes in all", null);
            }
            bytes += size;
            if (!absent) replace(target, rel);
            int mode = (e.getMode() | 0400) & 0777;
            try (OutputStream out = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(target,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(permissions(mode))))) {
                int n;
                while ((n = tar.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
            if ((mode & umask) != 0) {
                Files.setPosixFilePermissions(target, permissions(mode)); // the umask took bits away
            }
        } else {
            String type = e.isCharacterDevice() ? "character device" : e.isBlockDevice() ? "block device"
                    : e.isFIFO() ? "FIFO" : "tar entry type '" + (char) e.getLinkFlag() + "'";
            skipped.add(blob + ": " + name + " (" + type + ", not materialised)");
            return;
        }
        created.add(rel);
    }

    /**
     * A regular file: type '0', NUL (old tar) or '7' (contiguous), or a sparse file (expanded by the
     * reader). Not {@link TarArchiveEntry#isFile()}, which also says yes for devices and FIFOs.
     */
    static boolean isRegular(TarArchiveEntry e) {
        byte t = e.getLinkFlag();
        return t == TarConstants.LF_NORMAL || t == TarConstants.LF_OLDNORM || t == TarConstants.LF_CONTIG
                || (e.isSparse() && !e.isDirectory());
    }

    private void hardLink(TarArchiveEntry e, Path target, String rel) throws IOException {
        String name = e.getName();
        List<String> linkComps;
        try {
            linkComps = EntryNames.components(e.getLinkName());
        } catch (EntryNames.UnsafeName u) {
            throw fail(name, "hard link to '" + e.getLinkName() + "': " + u.getMessage(), null);
        }
        if (linkComps.isEmpty()) {
            throw fail(name, "hard link to the root directory", null);
        }
        Path dir = existingDir(linkComps.subList(0, linkComps.size() - 1), name);
        Path source = dir == null ? null : dir.resolve(linkComps.get(linkComps.size() - 1));
        BasicFileAttributes a = source == null ? null : attributes(source);
        if (a == null) {
            throw fail(name, "hard link to '" + e.getLinkName() + "', which no earlier entry created", null);
        }
        if (a.isDirectory()) {
            throw fail(name, "hard link to the directory '" + e.getLinkName() + "'", null);
        }
        if (source.equals(target)) {
            return;
        }
        replace(target, rel);
        Files.createLink(target, source);
    }

    /**
     * The directory for {@code comps} under the root, created where missing; each component must
     * be a real directory, never a symlink.
     */
    private Path parentDir(List<String> comps, String entry) throws IOException {
        Path dir = root;
        StringBuilder rel = new StringBuilder();
        for (String c : comps) {
            if (rel.length() > 0) rel.append('/');
            rel.append(c);
            dir = dir.resolve(c);
            String parentRel = rel.length() == c.length() ? "" : rel.substring(0, rel.length() - c.length() - 1);
            String r = rel.toString();
            if (knownDirs.contains(r)) {
                continue;
            }
            BasicFileAttributes a = freshDirs.contains(parentRel) && !created.contains(r) ? null : attributes(dir);
            if (a == null) {
                Files.createDirectory(dir);
                freshDirs.add(r);
                created.add(r);
            } else if (a.isSymbolicLink()) {
                throw fail(entry, "it would be written through the symlink '" + r + "' (-> " + Files.readSymbolicLink(dir)
                        + ") made by an earlier entry", null);
            } else if (!a.isDirectory()) {
                throw fail(entry, "its parent '" + r + "' is not a directory", null);
            }
            knownDirs.add(r);
        }
        return dir;
    }

    /** Like {@link #parentDir} without creating: null when a component is missing. */
    private Path existingDir(List<String> comps, String entry) throws IOException {
        Path dir = root;
        StringBuilder rel = new StringBuilder();
        for (String c : comps) {
            if (rel.length() > 0) rel.append('/');
            rel.append(c);
            dir = dir.resolve(c);
            if (knownDirs.contains(rel.toString())) {
                continue;
            }
            BasicFileAttributes a = attributes(dir);
            if (a == null) {
                return null;
            }
            if (a.isSymbolicLink()) {
                throw fail(entry, "it would act through the symlink '" + rel + "' (-> " + Files.readSymbolicLink(dir)
                        + ") made by an earlier entry", null);
            }
            if (!a.isDirectory()) {
                return null;
            }
        }
        return dir;
    }

    /** Removes what is at {@code target} (not following symlinks), so a new entry can be created there. */
    private void replace(Path target, String rel) throws IOException {
        if (attributes(target) != null) {
            remove(target, rel);
        }
    }

    /** Deletes a file, symlink or whole directory tree, never following symlinks. */
    private void remove(Path p, String rel) throws IOException {
        BasicFileAttributes a = attributes(p);
        if (a == null) {
            return;
        }
        if (a.isDirectory()) {
            knownDirs.removeIf(d -> d.equals(rel) || d.startsWith(rel + "/"));
            freshDirs.removeIf(d -> d.equals(rel) || d.startsWith(rel + "/"));
            ImageCache.deleteTree(p);
        } else {
            Files.delete(p);
        }
    }

    /** An opaque directory: removes what the layers below put in it, keeping this layer's entries. */
    private void clearLower(Path dir, String rel) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        }
        for (Path child : children) {
            String childRel = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
            if (created.contains(childRel)) {
                BasicFileAttributes a = attributes(child);
                if (a != null && a.isDirectory()) {
                    clearLower(child, childRel);
                }
            } else {
                remove(child, childRel);
            }
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The rwx bits of a tar mode; set-id and sticky bits are never materialised. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                p.add(order[bit]);
            }
        }
        return p;
    }

    private ImageFormatException fail(String entry, String problem, Throwable cause) {
        return new ImageFormatException(image, blob, entry, problem, cause);
    }
}
