package dev.gotrail.image;

import java.util.Objects;

/**
 * Whether go can run inside an image on this machine, and how: the answer of
 * {@link ImageSandbox#probe}. An unusable probe says why ({@link #cause()}) and what to do
 * ({@link #fix()}); static answers from an image never need a sandbox.
 *
 * @param kind       the sandbox that will be used, {@link Kind#NONE} when none is usable
 * @param executable the launcher ({@code /usr/bin/bwrap}, {@code /usr/bin/unshare}); "" for none
 * @param cause      why no sandbox is usable ("" when one is)
 * @param fix        what makes one usable ("" when one is)
 */
public record SandboxProbe(Kind kind, String executable, String cause, String fix) {

    /** The sandboxes gotrail knows, in the order {@code gotrail.sandbox=auto} tries them. */
    public enum Kind {
        /** bubblewrap ({@code bwrap}): unprivileged user namespaces, or root. */
        BUBBLEWRAP,
        /** {@code unshare --mount} + an overlay of the root + {@code unshare --root} (a chroot): root only. */
        CHROOT,
        /** Nothing usable. */
        NONE
    }

    public SandboxProbe {
        Objects.requireNonNull(kind, "kind");
        executable = executable == null ? "" : executable;
        cause = cause == null ? "" : cause;
        fix = fix == null ? "" : fix;
    }

    /** True when go can run inside an image. */
    public boolean usable() {
        return kind != Kind.NONE;
    }

    /** One line: {@code bubblewrap (/usr/bin/bwrap)}, or {@code no sandbox: CAUSE. Fix: FIX}. */
    public String describe() {
        return switch (kind) {
            case BUBBLEWRAP -> "bubblewrap (" + executable + ")";
            case CHROOT -> "chroot in a private mount namespace (" + executable + ", as root)";
            case NONE -> "no sandbox to run go inside an image: " + cause + ". Fix: " + fix;
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
