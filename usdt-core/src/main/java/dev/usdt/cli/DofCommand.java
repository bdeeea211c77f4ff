package dev.usdt.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code usdt dof}: placeholder until its issue lands. */
final class DofCommand implements CliCommand {

	@Override
	public String name() {
		return "dof";
	}

	@Override
	public String synopsis() {
		return "dof (not available yet)";
	}

	@Override
	public String usage() {
		return "usage: usdt dof (not available yet)\n";
	}

	@Override
	public int run(List<String> arguments, PrintStream out, PrintStream err) {
		err.println("usdt dof: not available yet");
		return UsdtCli.FAILED;
	}

}
