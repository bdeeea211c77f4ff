package dev.usdt.demo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demo jar in its own JVM, traced through the Observation bridge by a real
 * {@code bpftrace -p PID}: served requests, the {@code RestClient} call of {@link OrderDigest}
 * and its {@code @Scheduled} run each fire {@code observation:stop}, with no code for it in the
 * demo, and without Micrometer Tracing on its class path. Needs root and
 * bpftrace; skips without them unless {@code USDT_REQUIRE_TRACERS=true}.
 */
class PackagedDemoObservationBpftraceIT {

	/** Two strings at most: with BPFTRACE_STRLEN=128 (failsafe) a third overflows the BPF stack. */
	private static final String PROGRAM = "usdt:*:observation:stop { printf(\"%s|%s|%ld\\n\", "
			+ "str(arg0), str(arg1), arg2); }";

	@Test
	void bpftraceSeesServedRequestsClientCallsAndScheduledTasks() throws Exception {
		Bpftrace.assumeAvailable();
		try (PackagedDemo demo = PackagedDemo.start(List.of("--demo.digest.interval=1s"))) {
			try (Bpftrace bpftrace = Bpftrace.attach(demo.pid(), PROGRAM)) {
				Bpftrace.await(() -> bpftrace.output().stream().anyMatch((line) -> line.startsWith("tasks.")),
						Duration.ofSeconds(60), "a scheduled run of the order digest; bpftrace printed " + bpftrace.output());
				assertThat(demo.get("/orders/A-999").statusCode()).isEqualTo(404);
				Bpftrace.await(() -> bpftrace.output().stream().anyMatch((line) -> line.contains("|http get /orders/{id}|")),
						Duration.ofSeconds(30), "GET /orders/A-999; bpftrace printed " + bpftrace.output());
				List<String> lines = bpftrace.output();
				assertThat(lines).anySatisfy((line) -> assertThat(line)
					.matches("tasks\\.scheduled\\.execution\\|task orderDigest\\.digest\\|[1-9][0-9]*"));
				assertThat(lines).anySatisfy((line) -> assertThat(line)
					.matches("http\\.client\\.requests\\|http get\\|[1-9][0-9]*"));
				assertThat(lines).anySatisfy((line) -> assertThat(line)
					.matches("http\\.server\\.requests\\|http get /orders/\\{id}\\|[1-9][0-9]*"));
			}
		}
	}

}
