package dev.gotrail.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code gotrail ldd}: Resolve shared libraries statically, as glibc's loader would. (Being built; see the open issues.) */
final class LddCommand implements CliCommand {

    @Override
    public String name() {
        return "ldd";
    }

    @Override
    public String summary() {
        return "Resolve shared libraries statically, as glibc's loader would";
    }

    @Override
    public String usage() {
        return "usage: gotrail ldd";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("gotrail ldd: not available in this build yet");
        return USAGE;
    }
}
