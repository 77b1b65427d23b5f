package dev.gotrail.toolchain;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ToolchainDiscovery} found: either a working {@link GoToolchain} ({@link Found}, which
 * may still carry findings) or a {@link NoToolchain} naming every source consulted.
 */
public sealed interface DiscoveryResult permits DiscoveryResult.Found, NoToolchain {

    /** The toolchain, when go ran and answered {@code go env -json}. */
    Optional<GoToolchain> toolchain();

    /** A working toolchain was found. */
    record Found(GoToolchain goToolchain) implements DiscoveryResult {
        public Found {
            Objects.requireNonNull(goToolchain, "goToolchain");
        }

        @Override
        public Optional<GoToolchain> toolchain() {
            return Optional.of(goToolchain);
        }
    }
}
