package io.ferstream.config.cli;

import io.ferstream.config.ConfigException;
import io.ferstream.config.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs FerStream's command lines the same way: every problem with the arguments reported at once
 * (unknown options with the nearest valid one, bad values, and the checks of the settings they
 * make), one message and exit code 2 for what the user must fix, no stack trace.
 */
public final class CommandLines {

    /**
     * A command whose options make a validated configuration; lets its problems join the parse
     * errors.
     */
    public interface Configured {
        /**
         * Builds the configuration from the options; throws {@link ConfigException} listing every
         * problem.
         */
        Object toConfig();
    }

    private CommandLines() {}

    /** Parses {@code args} collecting every error, then runs the command; returns the exit code. */
    public static int execute(CommandLine cli, String... args) {
        String name = cli.getCommandName();
        cli.getCommandSpec().parser().collectErrors(true);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    // What the user must fix is one message and an exit code; anything else is a
                    // bug: a stack trace.
                    if (e instanceof CommandLine.IExitCodeGenerator coded) {
                        commandLine.getErr().println(name + ": " + e.getMessage());
                        return coded.getExitCode();
                    }
                    if (e instanceof IllegalArgumentException) {
                        commandLine.getErr().println(name + ": " + e.getMessage());
                        commandLine.getErr().println("Try '" + name + " --help'.");
                        return CommandLine.ExitCode.USAGE;
                    }
                    throw e;
                });
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (ParameterException e) {
            return usageError(cli, List.of(e.getMessage()));
        }
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        List<String> problems = describe(cli, parsed.errors());
        if (!problems.isEmpty()) {
            if (cli.getCommand() instanceof Configured configured) {
                try {
                    configured.toConfig();
                } catch (ConfigException e) {
                    problems.addAll(e.problems());
                } catch (RuntimeException e) {
                    // An option that failed to parse is left without a value; its error is reported
                    // already.
                }
            }
            return usageError(cli, problems);
        }
        try {
            return cli.getExecutionStrategy().execute(parsed);
        } catch (CommandLine.ExecutionException e) {
            if (!(e.getCause() instanceof Exception cause)) {
                throw e;
            }
            try {
                return cli.getExecutionExceptionHandler()
                        .handleExecutionException(cause, cli, parsed);
            } catch (RuntimeException unhandled) {
                throw unhandled;
            } catch (Exception unhandled) {
                throw new IllegalStateException(unhandled);
            }
        }
    }

    private static int usageError(CommandLine cli, List<String> problems) {
        PrintWriter err = cli.getErr();
        String name = cli.getCommandName();
        err.println(
                name
                        + ": invalid arguments ("
                        + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems")
                        + "):");
        problems.forEach(p -> err.println("  - " + p));
        err.println("Try '" + name + " --help'.");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    private static List<String> describe(CommandLine cli, List<Exception> errors) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : cli.getCommandSpec().options()) {
            names.addAll(List.of(option.names()));
        }
        List<String> problems = new ArrayList<>();
        for (Exception error : errors) {
            if (error instanceof UnmatchedArgumentException unmatched) {
                boolean afterUnknownOption = false;
                for (String token : unmatched.getUnmatched()) {
                    if (token.startsWith("-")) {
                        String option =
                                token.contains("=")
                                        ? token.substring(0, token.indexOf('='))
                                        : token;
                        problems.add(
                                "unknown option "
                                        + option
                                        + Suggestions.nearest(option, names)
                                                .map(s -> "; did you mean " + s + "?")
                                                .orElse(""));
                        afterUnknownOption = !token.contains("=");
                    } else if (!afterUnknownOption) {
                        problems.add("unexpected argument '" + token + "'");
                    } else {
                        afterUnknownOption = false; // the value of the unknown option before it
                    }
                }
            } else {
                problems.add(error.getMessage());
            }
        }
        return problems;
    }
}
