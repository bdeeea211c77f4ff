package dev.usdt.nativeaccess;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A DTrace code region runs whatever bytes are published into it, so only the DTrace backend may
 * create the system that reserves them.
 */
class DtraceNativeSystemTests {

	@Test
	void anyCallerButTheDtraceBackendIsRefused() {
		assertThatExceptionOfType(IllegalCallerException.class).isThrownBy(DtraceNativeSystem::new)
			.withMessageContaining("dev.usdt.backend.dtrace.DtraceBackend only");
	}

}
