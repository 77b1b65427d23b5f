package dev.gotrail.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code gotrail parse}: Parse existing strace/dtruss logs. (Being built; see the open issues.) */
final class ParseCommand implements CliCommand {

    @Override
    public String name() {
        return "parse";
    }

    @Override
    public String summary() {
        return "Parse existing strace/dtruss logs";
    }

    @Override
    public String usage() {
        return "usage: gotrail parse";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("gotrail parse: not available in this build yet");
        return USAGE;
    }
}
