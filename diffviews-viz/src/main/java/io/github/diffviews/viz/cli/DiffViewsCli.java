package io.github.diffviews.viz.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code diffviews} command line. Each subcommand is a thin layer over the public library:
 * it parses options, calls the library and prints the result, so everything it does can also be
 * done from code.
 *
 * <p>Errors a user can cause are printed to standard error as one line starting with
 * {@code diffviews:}, naming the file or value at fault; the exit status is 1 for such errors
 * and 2 for a malformed command line.
 */
@Command(name = "diffviews",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Explore what a diffusion model's activations encode.",
        subcommands = {
            DemoCommand.class,
            InfoCommand.class,
            NeighborsCommand.class,
            DenoiseCommand.class,
            GenerateCommand.class,
            BuildDataCommand.class,
            FitUmapCommand.class,
            ProjectCommand.class,
            PlotCommand.class,
            VizCommand.class,
            TrainDemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DiffViewsCli implements Runnable {

    /** Exit status of a command that failed because of its input. */
    public static final int EXIT_FAILURE = 1;

    /** Exit status of a malformed command line. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting, for tests and embedding.
     *
     * @param args the arguments
     * @return the exit status
     */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    /**
     * Creates the configured command line, with the error handling described above.
     *
     * @return a new command line
     */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new DiffViewsCli());
        commandLine.setExecutionExceptionHandler(DiffViewsCli::handleError);
        commandLine.setParameterExceptionHandler(DiffViewsCli::handleUsageError);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handleError(Exception error, CommandLine commandLine,
            CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("diffviews: " + describe(error));
        if (Boolean.getBoolean("diffviews.debug")) {
            error.printStackTrace(err);
        }
        err.flush();
        return EXIT_FAILURE;
    }

    private static int handleUsageError(CommandLine.ParameterException error, String[] args) {
        PrintWriter err = error.getCommandLine().getErr();
        err.println("diffviews: " + error.getMessage());
        err.println("Try '" + error.getCommandLine().getCommandSpec().qualifiedName()
                + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    /**
     * Turns an exception into the one-line reason printed to the user.
     *
     * @param error the failure
     * @return a single line naming what went wrong
     */
    static String describe(Throwable error) {
        if (error instanceof java.io.UncheckedIOException unchecked
                && unchecked.getCause() != null) {
            return describe(unchecked.getCause());
        }
        if (error instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or directory";
        }
        if (error instanceof FileSystemException failure && failure.getReason() == null) {
            return failure.getFile() + ": " + fileProblem(failure);
        }
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            message = error.getClass().getSimpleName();
        }
        return message.replace('\n', ' ').trim();
    }

    /** Words for the file-system failures that the JDK reports with the path alone. */
    private static String fileProblem(FileSystemException failure) {
        if (failure instanceof FileAlreadyExistsException) {
            return failure.getFile() != null && Files.isRegularFile(Path.of(failure.getFile()))
                    ? "is a file, where a directory is needed" : "already exists";
        }
        if (failure instanceof NotDirectoryException) {
            return "not a directory (a file is in the way)";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return "cannot be used (" + failure.getClass().getSimpleName() + ")";
    }
}
