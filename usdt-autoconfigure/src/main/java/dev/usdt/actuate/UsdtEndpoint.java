package dev.usdt.actuate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.usdt.Probe;
import dev.usdt.Provider;
import dev.usdt.UsdtRuntime;
import dev.usdt.parser.ProbeArgument;

/**
 * {@code /actuator/usdt}: the registered providers and probes, whether a tracer has each probe
 * enabled right now, and how to trace it. Read-only: tracing is started by attaching a tracer,
 * never through this endpoint. Every read is live (keep
 * {@code management.endpoint.usdt.cache.time-to-live} at 0 to see semaphores change).
 */
@Endpoint(id = "usdt", defaultAccess = Access.READ_ONLY)
public class UsdtEndpoint {

	private final UsdtRuntime runtime;

	public UsdtEndpoint(UsdtRuntime runtime) {
		this.runtime = runtime;
	}

	/** {@code GET /actuator/usdt}: the backend, the process id and every provider by name. */
	@ReadOperation
	public UsdtDescriptor usdt() {
		Map<String, ProviderDescriptor> providers = new TreeMap<>();
		for (Provider provider : this.runtime.providers()) {
			providers.put(provider.name(), describe(provider));
		}
		return new UsdtDescriptor(this.runtime.backend(), this.runtime.pid(), providers);
	}

	/** {@code GET /actuator/usdt/{provider}}: one provider, or 404 if there is none of that name. */
	@ReadOperation
	public @Nullable ProviderDescriptor provider(@Selector String provider) {
		return this.runtime.provider(provider).map(this::describe).orElse(null);
	}

	private ProviderDescriptor describe(Provider provider) {
		Path library = provider.library().orElse(null);
		Map<String, ProbeDescriptor> probes = new LinkedHashMap<>();
		for (Probe probe : provider.probes()) {
			List<String> arguments = probe.definition().arguments().stream().map(ProbeArgument::declaredType).toList();
			probes.put(probe.name(), new ProbeDescriptor(arguments, probe.isEnabled(),
					BpftraceOneLiner.command(this.runtime.pid(), library, probe)));
		}
		return new ProviderDescriptor((library != null) ? library.toString() : null, provider.source(), probes);
	}

	/**
	 * Everything registered in this process.
	 *
	 * @param backend {@code stapsdt}, {@code dtrace} or {@code noop}
	 * @param pid the process id tracers attach to
	 * @param providers the providers by name
	 */
	public record UsdtDescriptor(String backend, long pid,
			Map<String, ProviderDescriptor> providers) implements OperationResponseBody {

	}

	/**
	 * One provider.
	 *
	 * @param library the shared object tracers read the probes from, {@code null} when the
	 * backend writes none
	 * @param source where it was declared: a {@code .d} file, an interface or a class
	 * @param probes its probes by name, in declaration order
	 */
	public record ProviderDescriptor(@Nullable String library, String source,
			Map<String, ProbeDescriptor> probes) implements OperationResponseBody {

	}

	/**
	 * One probe.
	 *
	 * @param arguments the argument types as declared, e.g. {@code char *}
	 * @param enabled whether a tracer has the probe enabled right now (its semaphore)
	 * @param bpftrace a command that prints every firing with all arguments
	 */
	public record ProbeDescriptor(List<String> arguments, boolean enabled,
			String bpftrace) implements OperationResponseBody {

	}

}
