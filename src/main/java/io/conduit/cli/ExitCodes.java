package io.conduit.cli;

/**
 * The exit codes of every {@code conduit} command, documented in each command's {@code --help} and the README.
 * A script can tell "the archive needs a look" (2) from "the command was wrong" (64) from "nothing could be done" (1).
 */
public final class ExitCodes {

    /** Every item read was archived or was already archived. */
    public static final int OK = 0;
    /** Anything else: the store unreachable or refusing the login, an input path that does not exist, counts that do not balance. */
    public static final int FAILURE = 1;
    /** Every item is accounted for, but some were quarantined (see {@code quarantine list}). */
    public static final int QUARANTINED = 2;
    /** The command line is wrong: an unknown option, a missing or malformed argument (EX_USAGE of sysexits.h). */
    public static final int USAGE = 64;

    /** For picocli's {@code exitCodeList} of the commands that archive. */
    static final String OK_LINE = "0:every item archived or already archived";
    static final String QUARANTINED_LINE = "2:some items quarantined, all accounted for";
    static final String FAILURE_LINE = "1:failure: store unreachable or login refused, input missing, counts unbalanced";
    static final String USAGE_LINE = "64:usage error: unknown option, missing or malformed argument";

    private ExitCodes() {
    }
}
