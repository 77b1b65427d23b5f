package dev.gotrail.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image that cannot be used: corrupt, truncated or hostile (docs/images.md, "Safety"). The message names the
 * image, the blob and the entry where there is one, e.g. {@code image /tmp/app.tar: blob
 * sha256:3f4… (layer 2 of 3): entry 'a/../../etc/passwd': its name climbs out of the root with
 * '..'}. Nothing of a rejected image is kept in the cache.
 */
public class ImageFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path image;
    private final String blob;
    private final String entry;

    /**
     * @param image   the image as opened
     * @param blob    the blob (digest or file name in the archive) where the problem is; null for the image as a whole
     * @param entry   the layer entry; null when the problem is not one entry's
     * @param problem what is wrong
     */
    public ImageFormatException(Path image, String blob, String entry, String problem) {
        this(image, blob, entry, problem, null);
    }

    public ImageFormatException(Path image, String blob, String entry, String problem, Throwable cause) {
        super(message(image, blob, entry, problem), cause);
        this.image = image;
        this.blob = blob;
        this.entry = entry;
    }

    private static String message(Path image, String blob, String entry, String problem) {
        StringBuilder sb = new StringBuilder("image ").append(image);
        if (blob != null) sb.append(": blob ").append(blob);
        if (entry != null) sb.append(": entry '").append(entry).append('\'');
        return sb.append(": ").append(problem).toString();
    }

    /**
     * What went wrong in a library's words, for quoting inside parentheses: the message without
     * its closing period (commons-compress says "Corrupted TAR archive."), never a Java class name
     * unless the exception has no message at all.
     */
    static String reason(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        m = m.strip();
        while (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }

    /** The image as opened. */
    public Path image() {
        return image;
    }

    /** The blob with the problem (a digest or a name in the archive), or null. */
    public String blob() {
        return blob;
    }

    /** The layer entry with the problem, or null. */
    public String entry() {
        return entry;
    }
}
