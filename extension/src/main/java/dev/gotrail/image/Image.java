package dev.gotrail.image;

import dev.gotrail.config.GotrailConfig;
import dev.gotrail.elf.ElfFile;
import dev.gotrail.elf.ElfMachine;
import dev.gotrail.json.Json;
import dev.gotrail.json.JsonReader;
import dev.gotrail.loader.LinkMap;
import dev.gotrail.loader.Loader;
import dev.gotrail.toolchain.GoToolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container image as gotrail reads it, without a daemon (docs/images.md): a
 * {@code docker save}/{@code podman save} archive (docker-archive), an OCI image layout (directory
 * or tar: oci-archive), or an extracted root directory. {@link #open(Path)} selects the manifest
 * for the platform, checks the sha256 of every blob it reads and unpacks the layers, whiteouts
 * applied, into the cache ({@code gotrail.image.cache}, keyed by the manifest digest); opening the
 * same image again costs reading its index, manifest and config, a size check of each layer blob
 * (they are not hashed again) and one directory lookup.
 *
 * <p>An image is hostile input: see {@link ImageFormatException} and the rules of the unpacker
 * (docs/images.md, "Safety"). An {@code Image} is immutable and thread-safe.
 */
public final class Image {

    private final Path source;
    private final String format;
    private final String digest;
    private final Platform platform;
    private final ImageConfig config;
    private final List<ImageLayer> layers;
    private final Path root;
    private final List<String> skipped;
    private volatile ImageFacts facts;
    /** {@link #toolchain(String)} of gos off PATH, by normalised path. */
    private final Map<String, Optional<GoToolchain>> named = new java.util.concurrent.ConcurrentHashMap<>();

    private Image(Path source, String format, String digest, Platform platform, ImageConfig config, List<ImageLayer> layers,
            Path root, List<String> skipped) {
        this.source = source;
        this.format = format;
        this.digest = digest;
        this.platform = platform;
        this.config = config;
        this.layers = List.copyOf(layers);
        this.root = root;
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Opens an image for the default platform. {@code image} is an archive, a layout directory or
     * a root directory; {@code LAYOUT:REF} (skopeo's and umoci's spelling) names one of several
     * images of a layout by its {@code org.opencontainers.image.ref.name} (a docker-archive: by
     * its RepoTags).
     *
     * <p>Opens an image for the default platform (the image's only one, else this machine's) with the
     * configured cache ({@code gotrail.image.cache} as a system property, else
     * {@code ~/.cache/gotrail/images}).
     *
     * @throws ImageFormatException for a corrupt, truncated or hostile image, or one without the platform
     * @throws IOException          when the image cannot be read or the cache cannot be written
     */
    public static Image open(Path image) throws IOException {
        return opener().open(image);
    }

    /** Opens the image for {@code platform} ({@code OS/ARCH[/VARIANT]}; null or "" = the default). */
    public static Image open(Path image, String platform) throws IOException {
        return opener().platform(platform).open(image);
    }

    /** Options for {@link Opener#open(Path)}: platform, cache directory, limits. */
    public static Opener opener() {
        return new Opener(null, null, ImageLimits.DEFAULT);
    }

    /** Immutable options for opening images. */
    public static final class Opener {
        private final Platform platform;
        private final Path cache;
        private final ImageLimits limits;

        private Opener(Platform platform, Path cache, ImageLimits limits) {
            this.platform = platform;
            this.cache = cache;
            this.limits = limits;
        }

        /** The platform to select, {@code OS/ARCH[/VARIANT]}; null or "" = the image's only one, else this machine's. */
        public Opener platform(String p) {
            return new Opener(p == null || p.isBlank() ? null : Platform.parse(p), cache, limits);
        }

        /** The cache directory (default: {@link GotrailConfig#imageCache()} from system properties). */
        public Opener cache(Path dir) {
            return new Opener(platform, dir, limits);
        }

        /** Bounds on entries and sizes (default {@link ImageLimits#DEFAULT}). */
        public Opener limits(ImageLimits l) {
            return new Opener(platform, cache, Objects.requireNonNull(l));
        }

        /**
         * Opens {@code image}.
         *
         * @throws ImageFormatException for a corrupt, truncated or hostile image (nothing of it is cached),
         *                              a layer blob missing or of another size than its descriptor says
         *                              (also when the image is cached), or a directory with an
         *                              {@code oci-layout} file or {@code blobs/} but no {@code index.json}
         * @throws IOException          when it cannot be read or the cache cannot be written
         */
        public Image open(Path image) throws IOException {
            Path abs = image.toAbsolutePath().normalize();
            String ref = null;
            String last = abs.getFileName() == null ? "" : abs.getFileName().toString();
            if (!Files.exists(abs) && last.lastIndexOf(':') > 0) {
                // LAYOUT:REF (skopeo's and umoci's spelling): the image named REF in that layout or archive
                ref = last.substring(last.lastIndexOf(':') + 1);
                abs = abs.resolveSibling(last.substring(0, last.lastIndexOf(':')));
            }
            if (!Files.exists(abs)) {
                throw new java.nio.file.NoSuchFileException(abs.toString(), null, "no such image file or directory");
            }
            if (Files.isDirectory(abs) && !Files.exists(abs.resolve("index.json")) && !Files.exists(abs.resolve("manifest.json"))) {
                refuseBrokenLayout(abs);
                return extractedRoot(abs);
            }
            Path cacheDir = cache != null ? cache : GotrailConfig.fromSystemProperties().imageCache();
            try (BlobSource src = BlobSource.of(abs)) {
                Path img = abs;
                ImageManifests.Selected sel = new ImageManifests(img, src, limits).select(platform, ref);
                checkLayerBlobs(img, src, sel);
                Path entry = ImageCache.ensure(cacheDir, sel.digest(), dir -> unpack(img, src, sel, dir));
                Map<String, Object> meta = readMeta(img, entry);
                List<String> compression = strings(meta.get("compression"));
                List<ImageLayer> layers = new ArrayList<>();
                for (int i = 0; i < sel.layers().size(); i++) {
                    ImageManifests.LayerRef r = sel.layers().get(i);
                    layers.add(new ImageLayer(r.digest().isEmpty() ? r.name() : r.digest(), r.mediaType(), r.size(), r.diffId(),
                            i < compression.size() ? compression.get(i) : ""));
                }
                return new Image(abs, sel.format(), sel.digest(), sel.platform(), ImageManifests.runtimeConfig(sel.config()),
                        layers, entry.resolve("rootfs"), strings(meta.get("skipped")));
            }
        }

        private void unpack(Path image, BlobSource src, ImageManifests.Selected sel, Path dir) throws IOException {
            Path rootfs = dir.resolve("rootfs");
            Files.createDirectory(rootfs);
            LayerUnpacker unpacker = new LayerUnpacker(image, rootfs, limits);
            List<String> compression = new ArrayList<>();
            int n = sel.layers().size();
            for (int i = 0; i < n; i++) {
                ImageManifests.LayerRef ref = sel.layers().get(i);
                String blob = label(ref, i, n);
                LayerStreams.Opened layer;
                try {
                    layer = LayerStreams.Opened.open(image, src, ref, blob);
                } catch (java.nio.file.NoSuchFileException e) {
                    throw missing(image, ref, blob);
                } catch (IOException e) {
                    ImageFormatException m = LayerStreams.Opened.mismatch(image, src, ref, blob);
                    throw m != null ? m : new ImageFormatException(image, blob, null, "cannot be unpacked: "
                            + ImageFormatException.reason(e), e);
                }
                try (layer) {
                    try {
                        unpacker.apply(layer.tar(), blob);
                    } catch (IOException | RuntimeException e) {
                        // the digest first: a damaged blob is reported as one, not as the tar or gzip error it caused
                        ImageFormatException m = layer.mismatch();
                        if (m != null) {
                            m.addSuppressed(e);
                            throw m;
                        }
                        throw e;
                    }
                    layer.verify();
                    compression.add(layer.compression());
                } catch (ImageFormatException e) {
                    throw e;
                } catch (IOException e) {
                    throw new ImageFormatException(image, blob, null, "cannot be unpacked: " + ImageFormatException.reason(e), e);
                }
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("digest", sel.digest());
            meta.put("compression", compression);
            meta.put("skipped", unpacker.skipped());
            Files.writeString(dir.resolve("unpacked.json"), Json.write(meta), StandardCharsets.UTF_8);
        }

        /** {@code sha256:… (layer 2 of 3)}: a layer as errors name it. */
        private static String label(ImageManifests.LayerRef ref, int i, int n) {
            return (ref.digest().isEmpty() ? ref.name() : ref.digest()) + " (layer " + (i + 1) + " of " + n + ")";
        }

        private static ImageFormatException missing(Path image, ImageManifests.LayerRef ref, String blob) {
            return new ImageFormatException(image, blob, null, "is missing from the image (no " + ref.name()
                    + " in it): " + LayerStreams.REFETCH);
        }

        /**
         * On every open, the cache's or not: each layer blob exists and has its descriptor's size.
         * Two stats per layer, no hashing: a cached image was hashed when it was unpacked, and what
         * this catches is the common damage of a copy (a blob cut short or left out). Content of the
         * right size that changed since is only noticed by an open with an empty cache.
         */
        private static void checkLayerBlobs(Path image, BlobSource src, ImageManifests.Selected sel) throws IOException {
            int n = sel.layers().size();
            for (int i = 0; i < n; i++) {
                ImageManifests.LayerRef ref = sel.layers().get(i);
                java.util.OptionalLong size = src.size(ref.name());
                if (size.isEmpty()) {
                    throw missing(image, ref, label(ref, i, n));
                }
                if (ref.size() >= 0 && size.getAsLong() != ref.size()) {
                    throw new ImageFormatException(image, label(ref, i, n), null, "is " + size.getAsLong()
                            + " bytes but its descriptor says " + ref.size() + " (truncated or damaged): " + LayerStreams.REFETCH);
                }
            }
        }

        /**
         * A directory with the parts of an OCI image layout but no {@code index.json} is a layout
         * that lost its entry point (an interrupted copy, a file left out), not an extracted root:
         * opening it as a root would report an empty image as healthy.
         */
        private static void refuseBrokenLayout(Path dir) throws ImageFormatException {
            boolean marker = Files.isRegularFile(dir.resolve("oci-layout"));
            boolean blobs = Files.isDirectory(dir.resolve("blobs"));
            if (!marker && !blobs) {
                return;
            }
            String has = marker && blobs ? "an oci-layout file and a blobs/ directory" : marker ? "an oci-layout file"
                    : "a blobs/ directory";
            throw new ImageFormatException(dir, null, null, "is a broken OCI image layout: it has " + has
                    + " but no index.json, the file that names its manifests. Copy the layout again (skopeo copy IMAGE oci:"
                    + dir + ":TAG, or tar -xf of the oci-archive it came from); if the directory is meant as an extracted"
                    + " root, remove oci-layout and blobs/ from it");
        }

        private static Map<String, Object> readMeta(Path image, Path entry) throws IOException {
            Path f = entry.resolve("unpacked.json");
            try {
                return JsonReader.parseObject(Files.readString(f, StandardCharsets.UTF_8), f.toString());
            } catch (JsonReader.JsonSyntaxException | IOException e) {
                throw new IOException("image " + image + ": the cache entry " + entry + " is damaged (" + e.getMessage()
                        + "); delete that directory and open the image again", e);
            }
        }

        private static List<String> strings(Object o) {
            List<String> out = new ArrayList<>();
            if (o instanceof List<?> l) {
                l.forEach(x -> out.add(String.valueOf(x)));
            }
            return out;
        }

        private Image extractedRoot(Path dir) {
            Platform p = platform != null ? platform : guessPlatform(dir);
            return new Image(dir, "directory", "", p, ImageConfig.empty(), List.of(), dir, List.of());
        }

        /** An extracted root says nothing about its platform but its programs' ELF machine. */
        private static Platform guessPlatform(Path dir) {
            Loader inRoot = Loader.at(dir);
            List<String> candidates = new ArrayList<>(List.of("/bin/sh", "/usr/bin/env", "/bin/busybox", "/usr/local/go/bin/go"));
            for (String bin : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
                Path host = inRoot.hostPath(bin).orElse(null);
                if (host != null && Files.isDirectory(host)) {
                    try (java.util.stream.Stream<Path> s = Files.list(host)) {
                        s.limit(16).forEach(p -> candidates.add(bin + "/" + p.getFileName()));
                    } catch (IOException e) {
                        // an unreadable directory offers no candidates
                    }
                }
            }
            for (String candidate : candidates) {
                try {
                    Path host = inRoot.hostPath(candidate).orElse(null);
                    if (host == null || !Files.isRegularFile(host)) {
                        continue;
                    }
                    ElfMachine m = ElfFile.read(host).machine();
                    String arch = m.equals(ElfMachine.X86_64) ? "amd64" : m.equals(ElfMachine.AARCH64) ? "arm64"
                            : m.equals(ElfMachine.I386) ? "386" : m.equals(ElfMachine.ARM) ? "arm"
                            : m.equals(ElfMachine.RISCV) ? "riscv64" : "unknown";
                    return new Platform("linux", arch, "");
                } catch (IOException | RuntimeException e) {
                    // not ELF: try the next program
                }
            }
            return new Platform("linux", "unknown", "");
        }
    }

    /** The image as opened (archive, layout directory or root directory). */
    public Path source() {
        return source;
    }

    /** {@code oci}, {@code docker-archive} or {@code directory} (an extracted root). */
    public String format() {
        return format;
    }

    /**
     * The digest that identifies the unpacked content and keys the cache: the manifest digest of an
     * OCI image, the image ID (config digest) of a docker-archive; "" for an extracted root.
     */
    public String digest() {
        return digest;
    }

    /** The platform of the selected image. */
    public Platform platform() {
        return platform;
    }

    /** The runtime configuration: Env, WorkingDir, User, Entrypoint, Cmd. */
    public ImageConfig config() {
        return config;
    }

    /** The layers, bottom first (empty for an extracted root). */
    public List<ImageLayer> layers() {
        return layers;
    }

    /**
     * The merged filesystem, whiteouts applied: a directory in the cache shared by every user of
     * this image. Treat it as read-only; change a copy.
     */
    public Path root() {
        return root;
    }

    /** Entries that were not materialised (device nodes, FIFOs), one line each naming blob and entry. */
    public List<String> skippedEntries() {
        return skipped;
    }

    /** The C library the image provides, read from its files (nothing is run). */
    public Libc libc() {
        return facts().libc();
    }

    /**
     * Every {@code go} on the image's PATH (the config's {@code Env}, Docker's default PATH when
     * unset), in PATH order, as found without running anything, by cmd/go's rules applied to the
     * image (paths are paths inside the image); see docs/images.md.
     */
    public List<GoToolchain> toolchains() {
        return facts().toolchains();
    }

    /**
     * Where Go toolchains are installed in images, whether or not PATH reaches them (absolute paths
     * inside the image): the official golang images' {@code /usr/local/go/bin/go} and Debian's
     * {@code /usr/lib/go/bin/go}, {@code /usr/lib/go-1.X/bin/go}.
     */
    public static final List<String> GO_INSTALLS = ImageToolchains.GO_INSTALLS;

    /**
     * The toolchain of the go at {@code goInImage} (an absolute path inside the image), whether or
     * not the image's PATH reaches it: one of {@link #toolchains()} when it is on PATH (its path or
     * its real path), else found from the image's files by the same rules (its
     * {@link dev.gotrail.toolchain.ToolchainDetails#consulted()} says that it was named, not found on
     * PATH). Empty when the image holds no executable regular file there (symlinks resolved inside
     * the image). Computed once per path.
     *
     * @throws IllegalArgumentException when {@code goInImage} is not absolute
     */
    public Optional<GoToolchain> toolchain(String goInImage) {
        if (goInImage == null || !goInImage.startsWith("/")) {
            throw new IllegalArgumentException("a go inside the image is named by its absolute path, e.g. /usr/local/go/bin/go; was: "
                    + goInImage);
        }
        String go = Path.of(goInImage).normalize().toString();
        for (GoToolchain t : toolchains()) {
            if (t.goBinary().toString().equals(go) || t.realGoBinary().toString().equals(go)) {
                return Optional.of(t);
            }
        }
        return named.computeIfAbsent(go, g -> new ImageToolchains(this, libc()).at(g).map(ImageToolchains.Found::toolchain));
    }

    /**
     * Every go the image holds that gotrail knows of, as paths inside the image: those on its PATH
     * ({@link #toolchains()}, PATH order), then the {@link #GO_INSTALLS} it holds that PATH does not
     * reach (the same binary twice, e.g. through a symlink, once). The same gos {@code gotrail image}
     * names.
     */
    public List<String> goBinaries() {
        List<String> out = new ArrayList<>();
        java.util.Set<String> real = new java.util.HashSet<>();
        for (GoToolchain t : toolchains()) {
            out.add(t.goBinary().toString());
            real.add(t.realGoBinary().toString());
        }
        Loader loader = loader();
        for (String go : new ImageToolchains(this, libc()).installed()) {
            if (real.add(loader.realPathInRoot(go).orElse(go))) {
                out.add(go);
            }
        }
        return out;
    }

    /** The link map, inside the image, of each toolchain's real go binary (same order as {@link #toolchains()}). */
    public List<LinkMap> toolchainLinkMaps() {
        return facts().linkMaps();
    }

    /** A loader rooted at {@link #root()} with the image's environment and working directory. */
    public Loader loader() {
        Map<String, String> env = new LinkedHashMap<>();
        config.containerEnv().forEach((k, v) -> {
            if (k.startsWith("LD_")) env.put(k, v);
        });
        return Loader.at(root).env(env).workingDirectory(config.effectiveWorkingDir());
    }

    /**
     * "Would it run there": resolves a file of this machine as if copied into the image at
     * {@code pathInImage} (e.g. {@code /usr/local/bin/app}). Version problems are the loader's, in
     * glibc's words; {@link Placement#problems()} adds the image's GLIBC version to each.
     */
    public Placement place(Path hostFile, String pathInImage) {
        return Placement.of(this, hostFile, pathInImage);
    }

    private ImageFacts facts() {
        ImageFacts f = facts;
        if (f == null) {
            f = ImageFacts.of(this);
            facts = f;
        }
        return f;
    }

    @Override
    public String toString() {
        return source + (digest.isEmpty() ? "" : " (" + digest + ", " + platform + ")");
    }
}
