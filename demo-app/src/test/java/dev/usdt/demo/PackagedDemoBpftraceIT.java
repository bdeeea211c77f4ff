package dev.usdt.demo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demo jar in its own JVM, traced by a real {@code bpftrace -p PID} while HTTP
 * requests arrive: the probes of all three kinds print the requests' exact arguments, and
 * {@code /actuator/usdt} shows the traced probes enabled and the others not. Needs root and
 * bpftrace; skips without them unless {@code USDT_REQUIRE_TRACERS=true}. The failsafe
 * configuration sets {@code BPFTRACE_STRLEN=128} so the JSON summary is printed whole.
 */
class PackagedDemoBpftraceIT {

	private static final String PROGRAM = """
			usdt:*:demo:placeOrder__entry { printf("entry customer=%s item=%s quantity=%d unitCents=%ld\\n", str(arg0), str(arg1), arg2, arg3); }
			usdt:*:demo:findOrder__return { printf("find elapsed_ns=%ld error=%s\\n", arg0, str(arg1)); }
			usdt:*:orders:order__placed { printf("placed id=%s customer=%s cents=%lu\\n", str(arg0), str(arg1), arg2); }
			usdt:*:audit:order__changed { printf("changed id=%s summary=%s\\n", str(arg0), str(arg1)); }
			""";

	private static final Pattern FIND_RETURN = Pattern.compile("find elapsed_ns=(\\d+) error=(.*)");

	/**
	 * The kernel arms a probe's semaphore a moment before bpftrace has attached its program:
	 * events fired in between are lost.
	 */
	private static final Duration SETTLE = Duration.ofMillis(500);

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void bpftracePrintsTheArgumentsOfEachRequestAndTheEndpointShowsWhatIsTraced() throws Exception {
		Bpftrace.assumeAvailable();
		try (PackagedDemo demo = PackagedDemo.start()) {
			assertThat(enabled(demo, "orders", "order__placed")).isFalse();
			try (Bpftrace bpftrace = Bpftrace.attach(demo.pid(), PROGRAM)) {
				bpftrace.awaitCondition(() -> enabled(demo, "demo", "placeOrder__entry")
						&& enabled(demo, "demo", "findOrder__return") && enabled(demo, "orders", "order__placed")
						&& enabled(demo, "audit", "order__changed"), "the traced probes to be enabled");
				Thread.sleep(SETTLE.toMillis());
				assertThat(enabled(demo, "demo", "shipOrder__entry")).isFalse();
				assertThat(enabled(demo, "demo", "placeOrder__return")).isFalse();
				assertThat(enabled(demo, "orders", "order__shipped")).isFalse();

				HttpResponse<String> placed = demo.post("/orders",
						"{\"customer\":\"ada\",\"item\":\"book\",\"quantity\":2,\"unitCents\":1299}");
				assertThat(placed.statusCode()).isEqualTo(201);
				String id = this.json.readTree(placed.body()).get("id").asString();
				assertThat(demo.post("/orders/" + id + "/ship?carrier=ups", "").statusCode()).isEqualTo(200);
				assertThat(demo.get("/orders/A-999").statusCode()).isEqualTo(404);

				List<String> lines = bpftrace.awaitLines(6, Duration.ofSeconds(30));
				assertThat(lines).filteredOn((line) -> !line.startsWith("find ")).containsExactlyInAnyOrder(
						"entry customer=ada item=book quantity=2 unitCents=1299",
						"placed id=" + id + " customer=ada cents=2598",
						"changed id=" + id + " summary={\"id\":\"" + id + "\",\"status\":\"PLACED\","
								+ "\"customer\":\"ada\",\"item\":\"book\",\"quantity\":2,\"cents\":2598}",
						"changed id=" + id + " summary={\"id\":\"" + id + "\",\"status\":\"SHIPPED\","
								+ "\"customer\":\"ada\",\"item\":\"book\",\"quantity\":2,\"cents\":2598,"
								+ "\"carrier\":\"ups\"}");
				// OrderService is its generated subclass (docs/probed-subclasses.md), so shipOrder's own
				// call of findOrder fires findOrder's probes too, then GET /orders/A-999 fails
				List<String> finds = lines.stream().filter((line) -> line.startsWith("find ")).toList();
				assertThat(finds).hasSize(2);
				for (int i = 0; i < finds.size(); i++) {
					Matcher find = FIND_RETURN.matcher(finds.get(i));
					assertThat(find.matches()).as(finds.get(i)).isTrue();
					assertThat(Long.parseLong(find.group(1))).isPositive();
					assertThat(find.group(2)).isEqualTo((i == 0) ? "" : OrderNotFoundException.class.getName());
				}
			}
			Bpftrace.await(() -> !enabled(demo, "orders", "order__placed"), Duration.ofSeconds(30),
					"order__placed to be disabled after bpftrace exited");
		}
	}

	private boolean enabled(PackagedDemo demo, String provider, String probe) {
		try {
			JsonNode usdt = this.json.readTree(demo.get("/actuator/usdt").body());
			JsonNode node = usdt.at("/providers/" + provider + "/probes/" + probe + "/enabled");
			assertThat(node.isBoolean()).as("%s:%s in %s", provider, probe, usdt).isTrue();
			return node.asBoolean();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
