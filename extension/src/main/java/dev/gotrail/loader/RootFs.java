package dev.gotrail.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The filesystem as the loader sees it: paths are spelled as the loader spells them ("loader
 * paths", absolute inside the root) and mapped to host paths. Under an image root every symlink is
 * resolved inside the root (an absolute link target restarts at the root, ".." stops at it), so
 * nothing outside the root is ever consulted.
 */
final class RootFs {

    private static final int MAX_LINKS = 40; // the kernel's MAXSYMLINKS

    private final Path root;
    private final boolean hostRoot;
    private final String cwd;

    RootFs(Path root, String cwd) {
        this.root = root.toAbsolutePath().normalize();
        this.hostRoot = this.root.getParent() == null;
        this.cwd = cwd;
    }

    Path root() {
        return root;
    }

    boolean isHostRoot() {
        return hostRoot;
    }

    /** The loader's working directory (for relative names and empty path elements). */
    String cwd() {
        return cwd;
    }

    /** Makes a loader path absolute against the working directory. */
    String absolute(String loaderPath) {
        if (loaderPath.startsWith("/")) {
            return loaderPath;
        }
        return cwd.endsWith("/") ? cwd + loaderPath : cwd + "/" + loaderPath;
    }

    /** The host path for a loader path, with every symlink resolved inside the root; null when a component is missing. */
    Path resolve(String loaderPath) {
        String abs = absolute(loaderPath);
        if (hostRoot) {
            return Path.of(abs);
        }
        String real = realPath(abs);
        return real == null ? null : host(real);
    }

    /** Host path of an already resolved loader path. */
    Path host(String resolvedLoaderPath) {
        if (hostRoot) {
            return Path.of(resolvedLoaderPath);
        }
        String rel = resolvedLoaderPath.replaceFirst("^/+", "");
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /** The loader path with every symlink resolved (inside the root), or null when it does not exist. */
    String realPath(String loaderPath) {
        String abs = absolute(loaderPath);
        if (hostRoot) {
            try {
                return Path.of(abs).toRealPath().toString();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        Deque<String> todo = new ArrayDeque<>(split(abs));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) done.remove(done.size() - 1);
                continue;
            }
            done.add(c);
            Path h = host("/" + String.join("/", done));
            if (Files.isSymbolicLink(h)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(h).toString();
                } catch (IOException e) {
                    return null;
                }
                done.remove(done.size() - 1);
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            } else if (!Files.exists(h, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        return "/" + String.join("/", done);
    }

    boolean isDirectory(String loaderPath) {
        Path h = resolve(loaderPath);
        return h != null && Files.isDirectory(h);
    }

    boolean isRegularFile(String loaderPath) {
        Path h = resolve(loaderPath);
        return h != null && Files.isRegularFile(h);
    }

    /** (device, inode) of the file, used like glibc's file id to recognise one file under two names. */
    Object fileKey(Path host) {
        try {
            Object key = Files.readAttributes(host, BasicFileAttributes.class).fileKey();
            return key != null ? key : host.toRealPath();
        } catch (IOException e) {
            return host;
        }
    }

    private static List<String> split(String p) {
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }
}
