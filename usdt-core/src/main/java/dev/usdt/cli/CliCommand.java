package dev.usdt.cli;

import java.io.PrintStream;
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

}
