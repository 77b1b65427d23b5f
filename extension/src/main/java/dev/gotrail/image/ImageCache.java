package dev.gotrail.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The unpacked-image cache ({@code gotrail.image.cache}): one directory per manifest digest,
 * {@code sha256-<hex>/}, holding {@code rootfs/} and {@code unpacked.json}. An entry is built in a
 * private {@code .tmp-…} directory and published with one atomic rename, so an entry that exists is
 * complete and verified; a rejected or interrupted unpack leaves only a {@code .tmp-…} directory
 * that is never used (and is removed on failure, or a day later by the next unpack).
 *
 * <p>Concurrent opens of the same image: threads of one JVM wait on an in-JVM lock, JVMs on an
 * advisory file lock ({@code sha256-<hex>.lock}); the loser of a rename race (a file system
 * without working locks) deletes its own copy and uses the winner's.
 */
final class ImageCache {

    /** Builds the entry's content into an empty directory. */
    interface Builder {
        void build(Path entryDir) throws IOException;
    }

    private static final ConcurrentMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final Duration STALE = Duration.ofDays(1);

    private ImageCache() {
    }

    /** The entry directory for a digest ({@code sha256:abc…} becomes {@code sha256-abc…}). */
    static Path entry(Path cache, String digest) {
        return cache.resolve(digest.replace(':', '-'));
    }

    /** The entry for {@code digest}, built with {@code builder} unless it exists already. */
    static Path ensure(Path cache, String digest, Builder builder) throws IOException {
        Path entry = entry(cache, digest);
        if (Files.isDirectory(entry)) {
            return entry; // the common case: one directory lookup
        }
        Files.createDirectories(cache);
        String name = entry.getFileName().toString();
        ReentrantLock lock = LOCKS.computeIfAbsent(name, k -> new ReentrantLock());
        lock.lock();
        try (FileChannel ch = FileChannel.open(cache.resolve(name + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            if (Files.isDirectory(entry)) {
                return entry; // another JVM built it while we waited
            }
            removeStale(cache);
            Path tmp = Files.createTempDirectory(cache, ".tmp-" + name + "-");
            try {
                builder.build(tmp);
                try {
                    Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                    deleteTree(tmp); // someone else published the same digest first
                }
            } catch (IOException | RuntimeException | Error e) {
                deleteQuietly(tmp, e);
                throw e;
            }
            return entry;
        } finally {
            lock.unlock();
        }
    }

    private static void deleteQuietly(Path tmp, Throwable primary) {
        try {
            deleteTree(tmp);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /** {@code .tmp-…} directories older than a day: left by a JVM that died while unpacking. */
    private static void removeStale(Path cache) {
        Instant limit = Instant.now().minus(STALE);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(cache, ".tmp-*")) {
            for (Path p : s) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.toInstant().isBefore(limit)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // best effort: a stale temp directory is never used, only wasted space
        }
    }

    /** Deletes a tree without following symlinks, making directories writable first. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                dir.toFile().setWritable(true, true);
                dir.toFile().setExecutable(true, true);
                dir.toFile().setReadable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) throw exc;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
