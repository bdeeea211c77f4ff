package dev.usdt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One {@code usdt} sub-command. */
interface CliCommand {

	/** The word typed after {@code usdt}, e.g. {@code check}. */
	String name();

	/** One line for the command list, e.g. {@code check FILE.d...  validate provider files}. */
	String synopsis();

	/** Full usage text printed for {@code usdt COMMAND --help}. */
	String usage();

	/**
	 * Runs the command.
	 * @return the process exit status: 0 success, 1 failure of the input, 2 usage error
	 */
	int run(List<String> arguments, PrintStream out, PrintStream err) throws Exception;

	/**
	 * Writes an output file; a failure names it ({@code /dev/full: No space left on device}),
	 * which the JDK's own exception for a failed write does not.
	 */
	static void writeOutput(Path output, byte[] content) throws FileSystemException {
		try {
			Files.write(output, content);
		}
		catch (FileSystemException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new FileSystemException(output.toString(), null, ex.getMessage());
		}
	}

}
