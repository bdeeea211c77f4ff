package dev.usdt;

import dev.usdt.backend.Backend;
import dev.usdt.backend.BackendException;
import dev.usdt.backend.dtrace.DtraceBackend;

/** Creates the DTrace backend once the machine is known to accept helper DOF. */
final class DtraceBackends {

	private DtraceBackends() {
	}

	static Backend create() throws BackendException {
		String reason = DtraceBackend.unavailableReason().orElse(null);
		if (reason != null) {
			throw new BackendException(reason);
		}
		return new DtraceBackend();
	}

}
