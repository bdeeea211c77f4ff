package dev.usdt.e2e.observed;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.usdt.Probe;
import dev.usdt.Provider;
import dev.usdt.UsdtRuntime;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with a real tracer and a real server: an application that has actuator and no code
 * for tracing serves GET requests, and {@code bpftrace -p} reads {@code observation:start} and
 * {@code observation:stop} of each {@code http.server.requests} observation, its tags and a
 * positive duration.
 */
@SpringBootTest(classes = GreetingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "usdt.backend=stapsdt", "usdt.strict=true" })
@AutoConfigureRestTestClient
// Closed after the class, before its library directory is deleted: a context left in the cache
// would keep its libraries registered, and the runtime would put them back (docs/file-lifecycle.md §4)
@DirtiesContext
class ObservationBpftraceEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** bpftrace 0.17 warns of an address-space mismatch for each str() predicate, in three lines each. */
	private static final int WARNING_LINES = 6;

	@Autowired
	private RestTestClient client;

	@Autowired
	private UsdtRuntime runtime;

	@BeforeAll
	static void assumeTracer() {
		Bpftrace.assumeAvailable();
	}

	@Test
	void bpftraceReadsStartAndStopOfEveryServedRequest() throws Exception {
		Provider observation = this.runtime.provider("observation").orElseThrow();
		String probes = "usdt:" + observation.library().orElseThrow() + ":observation:";
		// bpftrace 0.17 reads at most 63 bytes of a string by default: the tags' tail, from their
		// 35th byte on, is printed as a second string
		String program = probes + "start /str(arg0) == \"http.server.requests\"/ "
				+ "{ printf(\"start|%s|%s\\n\", str(arg0), str(arg2)); } "
				+ probes + "stop /str(arg0) == \"http.server.requests\"/ "
				+ "{ printf(\"stop|%s|%ld|%s|%s|%s\\n\", str(arg0), arg2, str(arg3), str(arg4), str(arg4 + 34)); }";
		Probe start = observation.probe("start");
		Probe stop = observation.probe("stop");
		List<String> lines;
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(() -> start.isEnabled() && stop.isEnabled(), "semaphores set by bpftrace");
			this.client.get().uri("/greetings/ada").exchange().expectStatus().isOk();
			this.client.get().uri("/greetings/grace").exchange().expectStatus().isOk();
			this.client.get().uri("/nowhere").exchange().expectStatus().isNotFound();
			bpftrace.awaitLines(6 + WARNING_LINES, TIMEOUT);
			lines = bpftrace.output().stream().filter((line) -> line.matches("(start|stop)\\|.*")).toList();
		}
		assertThat(lines).hasSize(6);
		for (int i = 0; i < 6; i += 2) {
			assertThat(lines.get(i)).startsWith("start|http.server.requests|exception=none,method=GET,");
			String[] stopped = lines.get(i + 1).split("\\|", -1);
			assertThat(stopped[0]).isEqualTo("stop");
			assertThat(stopped[1]).isEqualTo("http.server.requests");
			assertThat(Long.parseLong(stopped[2])).isPositive().isLessThan(TIMEOUT.toNanos());
			assertThat(stopped[3]).isEmpty();
		}
		assertThat(tags(lines.get(1))).isEqualTo("exception=none,method=GET,outcome=SUCCESS,status=200,uri=/greetings/{name}");
		assertThat(tags(lines.get(3))).isEqualTo("exception=none,method=GET,outcome=SUCCESS,status=200,uri=/greetings/{name}");
		assertThat(tags(lines.get(5))).isEqualTo("exception=none,method=GET,outcome=CLIENT_ERROR,status=404,uri=/**");
	}

	/** The whole tags of a stop line: its first 34 bytes, then the tail printed from there. */
	private static String tags(String stopLine) {
		String[] fields = stopLine.split("\\|", -1);
		return fields[4].substring(0, 34) + fields[5];
	}

}
