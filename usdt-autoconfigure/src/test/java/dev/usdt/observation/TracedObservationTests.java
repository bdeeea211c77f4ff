package dev.usdt.observation;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.usdt.testsupport.Bpftrace;

/**
 * What every bpftrace test of the handler starts from: bpftrace available (or the test skipped,
 * failed under {@code USDT_REQUIRE_TRACERS=true}), and no probe of the shared provider traced.
 */
abstract class TracedObservationTests {

	final UsdtObservationHandler handler = new UsdtObservationHandler(ObservationFixture.probes());

	@BeforeAll
	static void assumeTracer() {
		Bpftrace.assumeAvailable();
	}

	@BeforeEach
	void untraced() throws InterruptedException {
		ObservationFixture.awaitUntraced();
	}

}
