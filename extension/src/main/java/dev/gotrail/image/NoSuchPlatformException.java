package dev.gotrail.image;

import java.nio.file.Path;
import java.util.List;

/**
 * An image (a multi-platform index, or a docker-archive with several manifests) that has no image
 * for the platform asked for: the message lists the platforms it has; the caller adds how to choose
 * one in its own words ({@code --platform} on the command line, {@code @GoImage(platform = …)}).
 */
public final class NoSuchPlatformException extends ImageFormatException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> offered;

    NoSuchPlatformException(Path image, String wanted, List<String> offered) {
        super(image, null, null, "has no image for platform " + wanted + "; it has " + String.join(", ", offered));
        this.offered = List.copyOf(offered);
    }

    /** The platforms the image has ({@code OS/ARCH[/VARIANT]}), in the index's order. */
    public List<String> offered() {
        return offered;
    }
}
