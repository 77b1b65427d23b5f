package dev.gotrail.image;

import dev.gotrail.loader.LinkMap;
import dev.gotrail.toolchain.GoToolchain;
import java.util.List;

/** What an image's files say, computed once per {@link Image}: its C library and its toolchains. */
record ImageFacts(Libc libc, List<GoToolchain> toolchains, List<LinkMap> linkMaps) {

    static ImageFacts of(Image image) {
        Libc libc = LibcProbe.probe(image.loader());
        List<ImageToolchains.Found> found = new ImageToolchains(image, libc).find();
        return new ImageFacts(libc, found.stream().map(ImageToolchains.Found::toolchain).toList(),
                found.stream().map(ImageToolchains.Found::linkMap).toList());
    }
}
