package dev.usdt.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.ProbeSemaphores;
import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.actuate.UsdtEndpoint.ProbeDescriptor;
import dev.usdt.actuate.UsdtEndpoint.ProviderDescriptor;
import dev.usdt.actuate.UsdtEndpoint.UsdtDescriptor;
import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

import static org.assertj.core.api.Assertions.assertThat;

class UsdtEndpointTests {

	private final UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP));

	private final UsdtEndpoint endpoint = new UsdtEndpoint(this.runtime);

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void describesBackendPidAndEveryProviderSortedByName() {
		register("shipping");
		register("orders");
		UsdtDescriptor usdt = this.endpoint.usdt();
		assertThat(usdt.backend()).isEqualTo("noop");
		assertThat(usdt.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(usdt.providers()).containsOnlyKeys("orders", "shipping");
		assertThat(usdt.providers().keySet()).containsExactly("orders", "shipping");
	}

	@Test
	void describesProbesWithArgumentsEnabledAndBpftraceOneLiner() {
		Provider orders = register("orders");
		ProbeSemaphores.overrideForTesting(orders.probe("order__placed"), true);
		ProviderDescriptor provider = this.endpoint.provider("orders");
		assertThat(provider).isNotNull();
		assertThat(provider.library()).isNull();
		assertThat(provider.source()).isEqualTo("orders.d");
		assertThat(provider.probes().keySet()).containsExactly("order__placed", "order__shipped");
		ProbeDescriptor placed = provider.probes().get("order__placed");
		assertThat(placed.arguments()).containsExactly("char *", "uint64_t");
		assertThat(placed.enabled()).isTrue();
		assertThat(placed.bpftrace()).isEqualTo("bpftrace -p " + this.runtime.pid()
				+ " -e 'usdt:*:orders:order__placed { printf(\"orders:order__placed id=%s cents=%lu\\n\", str(arg0), arg1); }'");
		ProbeDescriptor shipped = provider.probes().get("order__shipped");
		assertThat(shipped.enabled()).isFalse();
		assertThat(shipped.arguments()).containsExactly("int8_t", "uint16_t", "uintptr_t", "int64_t");
		assertThat(shipped.bpftrace())
			.contains("printf(\"orders:order__shipped arg0=%d arg1=%u arg2=0x%lx arg3=%ld\\n\", arg0, arg1, arg2, arg3)");
	}

	@Test
	void onDiskTellsWhetherTheLibraryIsOnDiskAtEveryMomentWhileItIsRemovedAndPutBack(@TempDir Path tempDir)
			throws Exception {
		try (UsdtRuntime stapsdt = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(tempDir.resolve("lib")))) {
			UsdtEndpoint endpoint = new UsdtEndpoint(stapsdt);
			// A provider name of its own: its library stays mapped in this JVM after the test
			Path library = stapsdt.register(definition("ondisk")).library().orElseThrow();
			assertThat(endpoint.provider("ondisk").onDisk()).isTrue();
			Files.delete(library);
			assertThat(endpoint.provider("ondisk").onDisk()).isFalse();
			long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (!Boolean.TRUE.equals(endpoint.provider("ondisk").onDisk()) && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(endpoint.provider("ondisk").onDisk()).as("put back within 2 s").isTrue();
			assertThat(endpoint.provider("ondisk").library()).isEqualTo(library.toString());
		}
	}

	@Test
	void onDiskIsNullWhenTheBackendWritesNoLibrary() {
		register("orders");
		assertThat(this.endpoint.provider("orders").onDisk()).isNull();
	}

	@Test
	void unknownProviderIsNull() {
		register("orders");
		assertThat(this.endpoint.provider("nope")).isNull();
	}

	private Provider register(String name) {
		return this.runtime.register(definition(name));
	}

	private static ProviderDefinition definition(String name) {
		return new ProviderDefinition(name, List.of(
				new ProbeDefinition("order__placed",
						List.of(ProbeArgument.of("id", ArgumentKind.STRING), ProbeArgument.of("cents", ArgumentKind.UINT64)),
						List.of(), SourceLocation.of("orders.d")),
				ProbeDefinition.of("order__shipped", ArgumentKind.INT8, ArgumentKind.UINT16, ArgumentKind.POINTER,
						ArgumentKind.INT64)),
				Map.of(), SourceLocation.of("orders.d"));
	}

}
