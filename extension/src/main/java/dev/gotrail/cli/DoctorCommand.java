package dev.gotrail.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code gotrail doctor}: Diagnose this machine's Go toolchain. (Being built; see the open issues.) */
final class DoctorCommand implements CliCommand {

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "Diagnose this machine's Go toolchain";
    }

    @Override
    public String usage() {
        return "usage: gotrail doctor";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("gotrail doctor: not available in this build yet");
        return USAGE;
    }
}
