package dev.usdt.backend;

/** Creates the DTrace backend; kept apart so selection compiles before the DOF backend lands. */
final class DtraceBackends {

	private DtraceBackends() {
	}

	static Backend create() throws BackendException {
		throw new BackendException("the DTrace backend is not available in this build");
	}

}
