package dev.usdt.actuate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.usdt.Probe;
import dev.usdt.ProcessNamespaces;
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
		List<Path> libraries = this.runtime.providers()
			.stream()
			.map(Provider::library)
			.flatMap(Optional::stream)
			.distinct()
			.toList();
		return new UsdtDescriptor(this.runtime.backend(), this.runtime.pid(),
				ProcessNamespaces.fromHost(this.runtime.pid(), libraries).orElse(null), providers);
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
		return new ProviderDescriptor((library != null) ? library.toString() : null,
				(library != null) ? provider.isLibraryOnDisk() : null, provider.source(), probes);
	}

	/**
	 * Everything registered in this process.
	 *
	 * @param backend {@code stapsdt}, {@code dtrace} or {@code noop}
	 * @param pid the process id tracers attach to, as this process sees it
	 * @param fromHost how to trace this process from the host when it runs in its own PID or mount
	 * namespace (a container); {@code null} otherwise
	 * @param providers the providers by name
	 */
	public record UsdtDescriptor(String backend, long pid, @Nullable String fromHost,
			Map<String, ProviderDescriptor> providers) implements OperationResponseBody {

	}

	/**
	 * One provider.
	 *
	 * @param library the shared object tracers read the probes from, {@code null} when the
	 * backend writes none
	 * @param onDisk whether the library is on disk right now as the very file this process maps
	 * (tracers attaching by path or by pid need that; the runtime puts a removed one back within a
	 * second); {@code null} when there is no library
	 * @param source where it was declared: a {@code .d} file, an interface or a class
	 * @param probes its probes by name, in the provider's order: as declared in a .d file or an
	 *     interface, by probe name for @UsdtProbe methods
	 */
	public record ProviderDescriptor(@Nullable String library, @Nullable Boolean onDisk, String source,
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
