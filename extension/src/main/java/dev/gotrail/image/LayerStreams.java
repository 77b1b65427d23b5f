package dev.gotrail.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * A layer blob as a stream of its uncompressed tar, with the digests it must match checked when
 * it has been read to the end: the stored blob's digest and size (OCI descriptors), and the
 * uncompressed tar's digest ({@code rootfs.diff_ids}) where the stored digest is not known
 * (docker-archive's {@code <id>/layer.tar}). The compression is recognised by its magic number
 * (gzip {@code 1f 8b}, zstd {@code 28 b5 2f fd}), not by the media type, which writers spell in
 * many ways.
 */
final class LayerStreams {

    /** The fix for a blob that does not match its descriptor. */
    static final String REFETCH = "the image was damaged in a copy or download; copy or save it again";

    /** Bytes accepted after a layer tar's end-of-archive marker (writers pad to a record of 10240). */
    static final long MAX_TAIL = 1 << 20;

    private LayerStreams() {
    }

    /** Counts and hashes the bytes that pass through. */
    static final class Hashing extends FilterInputStream {
        private final MessageDigest digest = ImageManifests.newSha256();
        private long count;
        private String result;

        Hashing(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) break;
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        long count() {
            return count;
        }

        /** The digest of everything read; computed once (MessageDigest resets when asked), later reads are not counted. */
        String digest() {
            if (result == null) {
                result = "sha256:" + HexFormat.of().formatHex(digest.digest());
            }
            return result;
        }

        /** Reads the rest so that the digest covers the whole stream (tar's end-of-archive padding). */
        void drain() throws IOException {
            byte[] buf = new byte[1 << 16];
            while (read(buf, 0, buf.length) >= 0) {
                // only the digest wants these bytes
            }
        }
    }

    /**
     * Decompresses on a thread of its own, so that inflating overlaps with creating the files, as
     * {@code tar -xz} overlaps them by running gzip as a second process. Chunks of 256 KiB pass
     * through a bounded queue (4 MiB in flight at most); a failure of the decompressor is thrown
     * by the reader.
     */
    static final class Pipelined extends InputStream {
        private static final byte[] END = new byte[0];
        private static final int CHUNK = 1 << 18;
        private final java.util.concurrent.BlockingQueue<byte[]> queue = new java.util.concurrent.ArrayBlockingQueue<>(16);
        private final Thread thread;
        private final InputStream source;
        private volatile Throwable failure;
        private volatile boolean closed;
        private byte[] current;
        private int pos;

        Pipelined(InputStream source) {
            this.source = source;
            thread = new Thread(() -> {
                try {
                    while (!closed) {
                        byte[] buf = new byte[CHUNK];
                        int n = source.readNBytes(buf, 0, CHUNK);
                        if (n > 0) {
                            put(n == CHUNK ? buf : java.util.Arrays.copyOf(buf, n));
                        }
                        if (n < CHUNK) {
                            break; // readNBytes returns less than asked only at the end
                        }
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    put(END);
                }
            }, "gotrail-image-decompress");
            thread.setDaemon(true);
            thread.start();
        }

        private void put(byte[] chunk) {
            try {
                while (!closed && !queue.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    // the reader is busy creating files; wait for room
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private boolean next() throws IOException {
            if (current == END) {
                return false;
            }
            if (current != null && pos < current.length) {
                return true;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while decompressing a layer");
            }
            pos = 0;
            if (current == END) {
                Throwable t = failure;
                if (t instanceof IOException io) {
                    throw new IOException(io.getMessage(), io);
                }
                if (t != null) {
                    throw new IOException("the decompressor failed: " + t, t);
                }
                return false;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return next() ? current[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!next()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        /**
         * Stops the decompressing thread without closing the source, so that the caller may read
         * the rest of the stored blob itself; false when the thread did not stop in time.
         */
        boolean stop() {
            closed = true;
            queue.clear();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !thread.isAlive();
        }

        @Override
        public void close() throws IOException {
            stop();
            source.close();
        }
    }

    /**
     * One opened layer: {@link #tar()} to read, then {@link #verify()}; when reading failed,
     * {@link #mismatch()} first, so that a damaged blob is named as one (size or sha256 against its
     * descriptor) rather than by the gzip or tar error the damage caused.
     */
    static final class Opened implements AutoCloseable {
        private final Path image;
        private final ImageManifests.LayerRef ref;
        private final String label;
        private final Hashing stored;
        private final Hashing uncompressed;
        private final InputStream plain;
        private final InputStream tar;
        private final String compression;

        /** Only for {@link #mismatch(Path, BlobSource, ImageManifests.LayerRef, String)}: a blob already hashed. */
        private Opened(Path image, ImageManifests.LayerRef ref, String label, Hashing hashed, String compression) {
            this.image = image;
            this.ref = ref;
            this.label = label;
            this.stored = hashed;
            this.uncompressed = null;
            this.plain = hashed;
            this.tar = hashed;
            this.compression = compression;
        }

        private Opened(Path image, ImageManifests.LayerRef ref, String label, InputStream raw) throws IOException {
            this.image = image;
            this.ref = ref;
            this.label = label;
            this.stored = new Hashing(raw);
            BufferedInputStream buffered = new BufferedInputStream(stored, 1 << 16);
            buffered.mark(4);
            byte[] magic = buffered.readNBytes(4);
            buffered.reset();
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                compression = "gzip";
                plain = new Pipelined(new GZIPInputStream(buffered, 1 << 16));
            } else if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                    && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
                compression = "zstd";
                plain = new Pipelined(new ZstdInputStreamNoFinalizer(buffered));
            } else {
                compression = "none";
                plain = buffered;
            }
            boolean needDiffId = !ref.diffId().isEmpty() && (ref.digest().isEmpty() || compression.equals("none"));
            this.uncompressed = needDiffId && !compression.equals("none") ? new Hashing(plain) : null;
            this.tar = uncompressed != null ? uncompressed : plain;
        }

        /**
         * Opens {@code ref}; {@code label} names it in errors ({@code sha256:… (layer 2 of 3)}).
         * A gzip or zstd header that cannot be read is checked against the descriptor first.
         */
        static Opened open(Path image, BlobSource source, ImageManifests.LayerRef ref, String label) throws IOException {
            return new Opened(image, ref, label, source.open(ref.name()));
        }

        InputStream tar() {
            return tar;
        }

        String compression() {
            return compression;
        }

        /**
         * After reading the layer failed: reads the rest of the stored blob (the decompressing
         * thread stopped first) and returns the size or digest mismatch against the descriptor,
         * or null when the blob is as its descriptor says (the failure is the content's own) or
         * cannot be checked (a docker-archive's compressed {@code <id>/layer.tar}, known only by its
         * uncompressed digest).
         */
        ImageFormatException mismatch() {
            boolean storedKnown = !ref.digest().isEmpty() || compression.equals("none") && !ref.diffId().isEmpty();
            if (!storedKnown && ref.size() < 0) {
                return null;
            }
            if (plain instanceof Pipelined p && !p.stop()) {
                return null;
            }
            try {
                stored.drain();
            } catch (IOException e) {
                return null; // the stored blob itself cannot be read: the original error says why
            }
            ImageFormatException m = storedMismatch();
            if (m == null && ref.digest().isEmpty() && compression.equals("none") && !ref.diffId().isEmpty()
                    && !stored.digest().equals(ref.diffId())) {
                return diffIdMismatch(stored.digest());
            }
            return m;
        }

        /** The stored blob's size and digest against the descriptor, once it has been read to its end. */
        private ImageFormatException storedMismatch() {
            if (ref.size() >= 0 && stored.count() != ref.size()) {
                return new ImageFormatException(image, label, null, "is " + stored.count() + " bytes but its descriptor says "
                        + ref.size() + " (truncated or damaged): " + REFETCH);
            }
            if (!ref.digest().isEmpty()) {
                String storedDigest = stored.digest();
                if (!storedDigest.equals(ref.digest())) {
                    return new ImageFormatException(image, label, null, "content has digest " + storedDigest + ", not "
                            + ref.digest() + " (corrupt or tampered): " + REFETCH);
                }
            }
            return null;
        }

        private ImageFormatException diffIdMismatch(String diff) {
            return new ImageFormatException(image, label, null, "uncompressed content has digest " + diff
                    + ", but the config's rootfs.diff_ids says " + ref.diffId() + " (corrupt or tampered): " + REFETCH);
        }

        /**
         * The mismatch of a blob that could not even be opened for decompressing (a damaged gzip
         * header): the whole stored blob hashed against its descriptor, or null.
         */
        static ImageFormatException mismatch(Path image, BlobSource source, ImageManifests.LayerRef ref, String label) {
            if (ref.digest().isEmpty() && ref.size() < 0) {
                return null;
            }
            try (Hashing in = new Hashing(source.open(ref.name()))) {
                in.drain();
                Opened probe = new Opened(image, ref, label, in, "none");
                return probe.storedMismatch();
            } catch (IOException e) {
                return null;
            }
        }

        /** Reads what the tar reader left and checks every digest and the size. */
        void verify() throws IOException {
            try {
                // the rest of the uncompressed stream (tar's padding records) belongs to the diff_id;
                // more than 1 MiB of it is not padding but a decompression bomb behind the archive
                byte[] buf = new byte[1 << 16];
                long tail = 0;
                int n;
                while ((n = tar.read(buf)) >= 0) {
                    tail += n;
                    if (tail > MAX_TAIL) {
                        throw new ImageFormatException(image, label, null, "more than " + MAX_TAIL
                                + " bytes follow the end of the layer's tar archive");
                    }
                }
                stored.drain();
            } catch (IOException e) {
                ImageFormatException m = mismatch();
                if (m != null) {
                    m.addSuppressed(e);
                    throw m;
                }
                throw e instanceof ImageFormatException f ? f : new ImageFormatException(image, label, null,
                        "the layer's " + compression + " data is corrupt (" + ImageFormatException.reason(e) + ")", e);
            }
            ImageFormatException m = storedMismatch();
            if (m != null) {
                throw m;
            }
            if (!ref.diffId().isEmpty() && (ref.digest().isEmpty() || compression.equals("none"))) {
                String diff = uncompressed != null ? uncompressed.digest() : stored.digest();
                if (!diff.equals(ref.diffId())) {
                    throw diffIdMismatch(diff);
                }
            }
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
