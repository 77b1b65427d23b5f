package dev.gotrail.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime part of an image's configuration (OCI image config {@code config}, Docker's
 * {@code ContainerConfig}): what a container started from the image gets.
 *
 * @param env        {@code Env}: {@code KEY=VALUE} entries in order
 * @param workingDir {@code WorkingDir}; "" when unset (a container starts in {@code /})
 * @param user       {@code User} ({@code name}, {@code uid}, {@code uid:gid}); "" when unset (root)
 * @param entrypoint {@code Entrypoint}
 * @param cmd        {@code Cmd}
 */
public record ImageConfig(List<String> env, String workingDir, String user, List<String> entrypoint, List<String> cmd) {

    /**
     * The PATH a container gets when the image sets none (Docker's and Podman's default for Linux
     * containers).
     */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public ImageConfig {
        env = List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
    }

    /** The configuration of an extracted root directory: nothing set. */
    public static ImageConfig empty() {
        return new ImageConfig(List.of(), "", "", List.of(), List.of());
    }

    /** {@link #env()} as a map (a later entry for the same name wins, as in a container). */
    public Map<String, String> envMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                m.put(e.substring(0, eq), e.substring(eq + 1));
            } else if (eq < 0 && !e.isEmpty()) {
                m.put(e, "");
            }
        }
        return m;
    }

    /** The environment a process in the container starts with: {@link #envMap()}, PATH defaulted as Docker does. */
    public Map<String, String> containerEnv() {
        Map<String, String> m = envMap();
        m.putIfAbsent("PATH", DEFAULT_PATH);
        return m;
    }

    /** {@link #workingDir()}, or {@code /} when unset. */
    public String effectiveWorkingDir() {
        return workingDir.isEmpty() ? "/" : workingDir;
    }
}
