package dev.gotrail.cli;

import java.io.PrintStream;
import java.util.List;

/** One {@code gotrail} sub-command. Implementations print to the given streams and return the exit code. */
interface CliCommand {

    /** Exit code: healthy / nothing wrong. */
    int OK = 0;
    /** Exit code: problems found. */
    int PROBLEMS = 1;
    /** Exit code: usage error or missing prerequisite. */
    int USAGE = 2;

    String name();

    /** One line for {@code gotrail --help}. */
    String summary();

    /** The usage text printed with a usage error. */
    String usage();

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
