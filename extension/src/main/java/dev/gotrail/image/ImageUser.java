package dev.gotrail.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The user a container started from an image runs as, resolved from the image config's
 * {@code User} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}; empty = root) against
 * the image's own {@code /etc/passwd} and {@code /etc/group}, as runc does: a name must be in
 * passwd; a numeric uid without an entry gets gid 0 and home {@code /}.
 *
 * @param uid  the numeric user id
 * @param gid  the numeric primary group id
 * @param name the user name ({@code ""} for a uid without a passwd entry)
 * @param home the home directory inside the image (passwd's sixth field; {@code /} without an entry)
 */
public record ImageUser(int uid, int gid, String name, String home) {

    /** Root, as a container runs without {@code User}. */
    public static final ImageUser ROOT = new ImageUser(0, 0, "root", "/root");

    /**
     * Resolves {@code image}'s config {@code User}.
     *
     * @throws IllegalArgumentException when a user or group name is not in the image's passwd/group
     *         file (a container runtime refuses to start such a container too); the message names the
     *         image and the config entry
     */
    public static ImageUser of(Image image) {
        String spec = image.config().user().strip();
        Path root = image.root();
        List<String[]> passwd = entries(root.resolve("etc/passwd"));
        if (spec.isEmpty()) {
            return passwd.stream().filter(f -> f.length >= 6 && f[2].equals("0")).findFirst()
                    .map(f -> new ImageUser(0, 0, f[0], f[5])).orElse(ROOT);
        }
        String who = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String group = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "";
        Optional<String[]> entry = passwd.stream().filter(f -> f.length >= 6 && (f[0].equals(who) || f[2].equals(who))).findFirst();
        int uid;
        int gid;
        String name;
        String home;
        if (entry.isPresent()) {
            String[] f = entry.get();
            uid = number(f[2], image, spec);
            gid = number(f[3], image, spec);
            name = f[0];
            home = f[5].isEmpty() ? "/" : f[5];
        } else if (who.matches("[0-9]+")) {
            uid = Integer.parseInt(who);
            gid = 0;
            name = "";
            home = "/";
        } else {
            throw new IllegalArgumentException("image " + image.source() + ": config User \"" + spec + "\" names user '" + who
                    + "' but the image's /etc/passwd has no such entry; fix the image's USER line or add the user");
        }
        if (!group.isEmpty()) {
            if (group.matches("[0-9]+")) {
                gid = Integer.parseInt(group);
            } else {
                gid = entries(root.resolve("etc/group")).stream().filter(f -> f.length >= 3 && f[0].equals(group)).findFirst()
                        .map(f -> number(f[2], image, spec)).orElseThrow(() -> new IllegalArgumentException("image "
                                + image.source() + ": config User \"" + spec + "\" names group '" + group
                                + "' but the image's /etc/group has no such entry; fix the image's USER line"));
            }
        }
        return new ImageUser(uid, gid, name, home);
    }

    private static int number(String s, Image image, String spec) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("image " + image.source() + ": the passwd/group entry for User \"" + spec
                    + "\" has the id '" + s + "', not a number");
        }
    }

    /** The colon-separated lines of a passwd-style file; none when it does not exist (or is a symlink out of the root). */
    private static List<String[]> entries(Path file) {
        try {
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("#"))
                    .map(l -> l.split(":", -1)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** True for uid 0. */
    public boolean isRoot() {
        return uid == 0;
    }

    @Override
    public String toString() {
        return (name.isEmpty() ? String.valueOf(uid) : name + " (" + uid + ")") + ":" + gid + ", home " + home;
    }
}
