package dev.gotrail.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code gotrail trace}: Run a command under the tracer and summarise it. (Being built; see the open issues.) */
final class TraceCommand implements CliCommand {

    @Override
    public String name() {
        return "trace";
    }

    @Override
    public String summary() {
        return "Run a command under the tracer and summarise it";
    }

    @Override
    public String usage() {
        return "usage: gotrail trace";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("gotrail trace: not available in this build yet");
        return USAGE;
    }
}
