package dev.gotrail.assertj;

import dev.gotrail.toolchain.DiscoveryRequest;
import dev.gotrail.toolchain.DiscoveryResult;
import dev.gotrail.toolchain.GoToolchain;
import dev.gotrail.toolchain.ToolchainDiscovery;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Real {@link GoToolchain} facts for the assertion and evidence tests: gotrail's own discovery
 * run on a real go binary, with this JVM's environment minus GOROOT plus {@code overrides}.
 */
public final class RealToolchains {

    private RealToolchains() {
    }

    public static GoToolchain of(Path go) {
        return of(go, Map.of());
    }

    public static GoToolchain of(Path go, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("GOROOT");
        env.putAll(overrides);
        DiscoveryResult result = ToolchainDiscovery.discover(DiscoveryRequest.of(go.toString()).withEnvironment(env));
        return result.toolchain().orElseThrow(() -> new AssertionError("no toolchain at " + go + ": " + result));
    }
}
