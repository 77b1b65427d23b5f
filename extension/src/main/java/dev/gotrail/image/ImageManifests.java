package dev.gotrail.image;

import dev.gotrail.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the one image manifest to unpack in a stored image and reads its config, verifying the
 * sha256 of every blob it reads: an OCI image layout ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/…}; nested indexes and Docker manifest lists are followed) or a
 * docker-archive ({@code manifest.json} with {@code Config} and {@code Layers}, as written by
 * {@code docker save} and {@code podman save}).
 */
final class ImageManifests {

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** A layer to unpack: where it is stored and what it must hash to. */
    record LayerRef(String name, String digest, String mediaType, long size, String diffId) {
    }

    /** The selected manifest. {@code digest} keys the cache. */
    record Selected(String format, String digest, Platform platform, Map<String, Object> config, List<LayerRef> layers) {
    }

    private final Path image;
    private final BlobSource source;
    private final ImageLimits limits;

    ImageManifests(Path image, BlobSource source, ImageLimits limits) {
        this.image = image;
        this.source = source;
        this.limits = limits;
    }

    /** The manifest for {@code wanted} (null = the only platform, else this machine's). */
    Selected select(Platform wanted, String ref) throws IOException {
        if (source.exists("index.json")) {
            return selectOci(wanted, ref);
        }
        if (source.exists("manifest.json")) {
            return selectDockerArchive(wanted, ref);
        }
        throw new ImageFormatException(image, null, null,
                "neither an OCI image layout (index.json) nor a docker-archive (manifest.json); "
                        + "make one with 'podman save --format oci-archive|docker-archive' or 'docker save'");
    }

    // ---- OCI image layout ------------------------------------------------------------------

    private record Candidate(String digest, Platform platform, Map<String, Object> manifest, String ref) {
    }

    private Selected selectOci(Platform wanted, String ref) throws IOException {
        Map<String, Object> index = json("index.json", readFile("index.json", null), "index.json");
        List<Candidate> candidates = new ArrayList<>();
        collect(index, "index.json", candidates, 0, "");
        if (candidates.isEmpty()) {
            throw new ImageFormatException(image, "index.json", null, "lists no image manifest");
        }
        if (ref != null) {
            List<Candidate> named = candidates.stream().filter(c -> c.ref().equals(ref)).toList();
            if (named.isEmpty()) {
                throw new ImageFormatException(image, "index.json", null, "has no image named '" + ref + "'; it has "
                        + refs(candidates));
            }
            candidates = named;
        }
        Candidate chosen = choose(candidates.stream().map(Candidate::platform).toList(), wanted, candidates);
        List<Candidate> same = candidates.stream().filter(c -> c.platform().equals(chosen.platform())).toList();
        if (same.stream().map(Candidate::digest).distinct().count() > 1) {
            throw new ImageFormatException(image, "index.json", null, "holds " + same.size() + " different images for "
                    + chosen.platform() + " (" + refs(same) + "); name one as " + image.getFileName() + ":REF");
        }
        Map<String, Object> manifest = chosen.manifest();
        Map<String, Object> configDesc = object(manifest.get("config"), chosen.digest(), "config");
        String configDigest = string(configDesc.get("digest"), chosen.digest(), "config.digest");
        Map<String, Object> config = json(configDigest, readBlob(configDigest, size(configDesc)), "config");
        List<String> diffIds = diffIds(config, configDigest);
        List<LayerRef> layers = new ArrayList<>();
        List<Object> layerDescs = list(manifest.get("layers"), chosen.digest(), "layers");
        for (int i = 0; i < layerDescs.size(); i++) {
            Map<String, Object> d = object(layerDescs.get(i), chosen.digest(), "layers[" + i + "]");
            String digest = string(d.get("digest"), chosen.digest(), "layers[" + i + "].digest");
            layers.add(new LayerRef(blobName(digest, chosen.digest()), digest, optString(d.get("mediaType")), size(d).orElse(-1),
                    i < diffIds.size() ? diffIds.get(i) : ""));
        }
        return new Selected("oci", chosen.digest(), platformOf(config, chosen.platform()), config, layers);
    }

    private static String refs(List<Candidate> candidates) {
        return String.join(", ", candidates.stream().map(c -> c.ref().isEmpty() ? c.digest() + " (unnamed)" : c.ref())
                .distinct().toList());
    }

    private void collect(Map<String, Object> index, String where, List<Candidate> out, int depth, String parentRef)
            throws IOException {
        if (depth > 8) {
            throw new ImageFormatException(image, where, null, "indexes nested deeper than 8");
        }
        List<Object> manifests = list(index.get("manifests"), where, "manifests");
        for (int i = 0; i < manifests.size(); i++) {
            Map<String, Object> d = object(manifests.get(i), where, "manifests[" + i + "]");
            String digest = string(d.get("digest"), where, "manifests[" + i + "].digest");
            String mediaType = optString(d.get("mediaType"));
            Map<String, Object> doc = json(digest, readBlob(digest, size(d)), "manifest");
            String ref = parentRef;
            if (d.get("annotations") instanceof Map<?, ?> an && an.get("org.opencontainers.image.ref.name") instanceof String r) {
                ref = r;
            }
            String docType = mediaType.isEmpty() ? optString(doc.get("mediaType")) : mediaType;
            if (docType.equals(OCI_INDEX) || docType.equals(DOCKER_LIST) || doc.containsKey("manifests")) {
                collect(doc, digest, out, depth + 1, ref);
                continue;
            }
            Platform p = null;
            if (d.get("platform") instanceof Map<?, ?> pm) {
                p = platformFrom(pm);
            }
            Object annotations = d.get("annotations");
            if (annotations instanceof Map<?, ?> a && "attestation-manifest".equals(a.get("vnd.docker.reference.type"))) {
                continue; // BuildKit's provenance and SBOM attestations are not runnable images
            }
            if (p != null && p.os().equals("unknown")) {
                continue;
            }
            if (p == null) {
                // no platform on the descriptor: the config says it
                Map<String, Object> cd = object(doc.get("config"), digest, "config");
                String cdig = string(cd.get("digest"), digest, "config.digest");
                p = platformOf(json(cdig, readBlob(cdig, size(cd)), "config"), null);
            }
            out.add(new Candidate(digest, p, doc, ref));
        }
    }

    private <T> T choose(List<Platform> offered, Platform wanted, List<T> items) throws ImageFormatException {
        Set<String> names = new LinkedHashSet<>();
        offered.forEach(p -> names.add(String.valueOf(p)));
        if (wanted == null) {
            if (names.size() == 1) {
                return items.get(0);
            }
            wanted = Platform.current();
        }
        for (int i = 0; i < offered.size(); i++) {
            if (offered.get(i) != null && wanted.accepts(offered.get(i))) {
                return items.get(i);
            }
        }
        throw new NoSuchPlatformException(image, String.valueOf(wanted), List.copyOf(names));
    }

    // ---- docker-archive ----------------------------------------------------------------------

    private Selected selectDockerArchive(Platform wanted, String ref) throws IOException {
        Object parsed = parse("manifest.json", readFile("manifest.json", null));
        List<Object> entries = list(parsed, "manifest.json", "the top level");
        if (entries.isEmpty()) {
            throw new ImageFormatException(image, "manifest.json", null, "lists no image");
        }
        List<Platform> platforms = new ArrayList<>();
        List<Selected> all = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = object(entries.get(i), "manifest.json", "[" + i + "]");
            if (ref != null && !(e.get("RepoTags") instanceof List<?> tags && (tags.contains(ref)
                    || tags.stream().anyMatch(t -> String.valueOf(t).endsWith("/" + ref) || String.valueOf(t).endsWith(":" + ref))))) {
                continue;
            }
            String configName = string(e.get("Config"), "manifest.json", "[" + i + "].Config");
            String configHex = hexOfName(configName);
            byte[] configBytes = readFile(configName, configHex == null ? null : "sha256:" + configHex);
            String configDigest = "sha256:" + sha256(configBytes);
            Map<String, Object> config = json(configName, configBytes, "config");
            List<String> diffIds = diffIds(config, configName);
            List<Object> layerNames = list(e.get("Layers"), "manifest.json", "[" + i + "].Layers");
            if (diffIds.size() != layerNames.size()) {
                throw new ImageFormatException(image, configName, null, "rootfs.diff_ids lists " + diffIds.size()
                        + " layers but manifest.json lists " + layerNames.size() + "; the layers cannot be verified");
            }
            List<LayerRef> layers = new ArrayList<>();
            for (int j = 0; j < layerNames.size(); j++) {
                String name = string(layerNames.get(j), "manifest.json", "[" + i + "].Layers[" + j + "]");
                String hex = hexOfName(name);
                // a blobs/sha256/<hex> or <hex>.tar name is the digest of the stored file; <id>/layer.tar is not
                String digest = hex != null && (name.startsWith("blobs/") || hex.equals(diffIds.get(j).substring(7)))
                        ? "sha256:" + hex : "";
                OptionalLong size = source.size(name);
                if (size.isEmpty()) {
                    throw new ImageFormatException(image, name, null, "layer listed in manifest.json is missing from the archive");
                }
                layers.add(new LayerRef(name, digest, "", size.getAsLong(), diffIds.get(j)));
            }
            Platform p = platformOf(config, null);
            platforms.add(p);
            all.add(new Selected("docker-archive", configDigest, p, config, layers));
        }
        if (all.isEmpty()) {
            throw new ImageFormatException(image, "manifest.json", null, "has no image tagged '" + ref + "'");
        }
        return choose(platforms, wanted, all);
    }

    /** The 64 hex digits of {@code blobs/sha256/<hex>}, {@code <hex>.json}, {@code <hex>.tar} or {@code <hex>/layer.tar}; else null. */
    private static String hexOfName(String name) {
        String base = name.replaceFirst("^(\\./)?blobs/sha256/", "").replaceFirst("(\\.json|\\.tar|/layer\\.tar)$", "");
        return HEX64.matcher(base).matches() ? base : null;
    }

    // ---- reading and verifying ----------------------------------------------------------------

    private static OptionalLong size(Map<String, Object> descriptor) {
        return descriptor.get("size") instanceof Number b ? OptionalLong.of(b.longValue()) : OptionalLong.empty();
    }

    String blobName(String digest, String where) throws ImageFormatException {
        int colon = digest.indexOf(':');
        String alg = colon < 0 ? "" : digest.substring(0, colon);
        String hex = colon < 0 ? "" : digest.substring(colon + 1);
        if (!alg.equals("sha256")) {
            throw new ImageFormatException(image, where, null, "digest '" + digest + "' is not sha256:<64 hex digits> "
                    + "(only sha256 is supported)");
        }
        if (!HEX64.matcher(hex).matches()) {
            throw new ImageFormatException(image, where, null, "digest '" + digest + "' is not sha256:<64 hex digits>");
        }
        return "blobs/sha256/" + hex;
    }

    /** A blob by digest, checked against its digest (and the descriptor's size when given). */
    private byte[] readBlob(String digest, OptionalLong size) throws IOException {
        String name = blobName(digest, digest);
        if (size.isPresent() && size.getAsLong() > limits.maxJsonBytes()) {
            throw new ImageFormatException(image, digest, null, "descriptor size " + size.getAsLong()
                    + " is larger than the limit for a JSON document (" + limits.maxJsonBytes() + " bytes)");
        }
        byte[] bytes = readFile(name, digest);
        if (size.isPresent() && size.getAsLong() != bytes.length) {
            throw new ImageFormatException(image, digest, null, "is " + bytes.length + " bytes but its descriptor says "
                    + size.getAsLong());
        }
        return bytes;
    }

    /** A stored file (bounded); checked against {@code digest} when one is given. */
    private byte[] readFile(String name, String digest) throws IOException {
        String blob = digest != null ? digest : name;
        OptionalLong size = source.size(name);
        if (size.isEmpty()) {
            throw new ImageFormatException(image, blob, null, "is missing (no " + name + " in the image)");
        }
        if (size.getAsLong() > limits.maxJsonBytes()) {
            throw new ImageFormatException(image, blob, null, "is " + size.getAsLong()
                    + " bytes, larger than the limit for a JSON document (" + limits.maxJsonBytes() + " bytes)");
        }
        byte[] bytes;
        try (InputStream in = source.open(name)) {
            bytes = in.readNBytes((int) size.getAsLong() + 1);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(image, blob, null, "is missing (no " + name + " in the image)");
        }
        if (digest != null) {
            String actual = "sha256:" + sha256(bytes);
            if (!actual.equals(digest)) {
                throw new ImageFormatException(image, blob, null, "content has digest " + actual + ", not " + digest
                        + " (corrupt or tampered)");
            }
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    // ---- JSON shapes ---------------------------------------------------------------------------

    private Object parse(String blob, byte[] bytes) throws ImageFormatException {
        try {
            return JsonReader.parse(new String(bytes, StandardCharsets.UTF_8), blob);
        } catch (JsonReader.JsonSyntaxException e) {
            throw new ImageFormatException(image, blob, null, "is not valid JSON: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> json(String blob, byte[] bytes, String what) throws ImageFormatException {
        return object(parse(blob, bytes), blob, what);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object o, String blob, String what) throws ImageFormatException {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new ImageFormatException(image, blob, null, what + " is " + JsonReader.describe(o) + ", expected an object");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String blob, String what) throws ImageFormatException {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new ImageFormatException(image, blob, null, what + " is " + JsonReader.describe(o) + ", expected an array");
    }

    private String string(Object o, String blob, String what) throws ImageFormatException {
        if (o instanceof String s) {
            return s;
        }
        throw new ImageFormatException(image, blob, null, what + " is " + JsonReader.describe(o) + ", expected a string");
    }

    private static String optString(Object o) {
        return o instanceof String s ? s : "";
    }

    private List<String> diffIds(Map<String, Object> config, String blob) throws ImageFormatException {
        if (!(config.get("rootfs") instanceof Map<?, ?> rootfs) || rootfs.get("diff_ids") == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : list(rootfs.get("diff_ids"), blob, "rootfs.diff_ids")) {
            String d = string(o, blob, "rootfs.diff_ids[]");
            blobName(d, blob); // validates the shape
            out.add(d);
        }
        return out;
    }

    private static Platform platformFrom(Map<?, ?> m) {
        Object os = m.get("os");
        Object arch = m.get("architecture");
        Object variant = m.get("variant");
        return new Platform(os instanceof String s ? s : "unknown", arch instanceof String s ? s : "unknown",
                variant instanceof String s ? s : "");
    }

    private static Platform platformOf(Map<String, Object> config, Platform fallback) {
        if (config.get("os") instanceof String && config.get("architecture") instanceof String) {
            return platformFrom(config);
        }
        return fallback != null ? fallback : new Platform("unknown", "unknown", "");
    }

    /** The runtime config from an image config document ({@code config}, Docker's older {@code container_config} not used). */
    static ImageConfig runtimeConfig(Map<String, Object> config) {
        if (!(config.get("config") instanceof Map<?, ?> c)) {
            return ImageConfig.empty();
        }
        return new ImageConfig(strings(c.get("Env")), c.get("WorkingDir") instanceof String s ? s : "",
                c.get("User") instanceof String s ? s : "", strings(c.get("Entrypoint")), strings(c.get("Cmd")));
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object x : l) {
                if (x instanceof String s) out.add(s);
            }
        }
        return out;
    }
}
