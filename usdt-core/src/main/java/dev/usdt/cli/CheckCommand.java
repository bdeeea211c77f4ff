package dev.usdt.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code usdt check}: placeholder until its issue lands. */
final class CheckCommand implements CliCommand {

	@Override
	public String name() {
		return "check";
	}

	@Override
	public String synopsis() {
		return "check (not available yet)";
	}

	@Override
	public String usage() {
		return "usage: usdt check (not available yet)\n";
	}

	@Override
	public int run(List<String> arguments, PrintStream out, PrintStream err) {
		err.println("usdt check: not available yet");
		return UsdtCli.FAILED;
	}

}
