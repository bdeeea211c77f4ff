package dev.usdt.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code usdt fire}: placeholder until its issue lands. */
final class FireCommand implements CliCommand {

	@Override
	public String name() {
		return "fire";
	}

	@Override
	public String synopsis() {
		return "fire (not available yet)";
	}

	@Override
	public String usage() {
		return "usage: usdt fire (not available yet)\n";
	}

	@Override
	public int run(List<String> arguments, PrintStream out, PrintStream err) {
		err.println("usdt fire: not available yet");
		return UsdtCli.FAILED;
	}

}
