package io.conduit;

import io.conduit.cli.ConduitCommand;
import picocli.CommandLine;

/** Entry point of {@code conduit.jar}: runs the scheduled connectors, or a subcommand such as {@code import}. */
public final class ConduitMain {

    private ConduitMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConduitCommand()).execute(args));
    }
}
