package dev.usdt;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.usdt.backend.Backend;
import dev.usdt.backend.BackendException;
import dev.usdt.backend.LoadedProvider;
import dev.usdt.backend.NoopBackend;
import dev.usdt.nativeaccess.NativeStrings;
import dev.usdt.parser.DNames;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;

/**
 * Registers providers with the platform's tracer and hands out their probes. Closing it
 * unregisters them: their probes become no-ops.
 *
 * <pre>{@code
 * try (UsdtRuntime usdt = UsdtRuntime.create()) {
 *     Provider orders = usdt.register(Path.of("orders.d")).get(0);
 *     Probe placed = orders.probe("order__placed");
 *     placed.fire("A-1001", 1299);
 * }
 * }</pre>
 *
 * <p>
 * If the chosen backend cannot work here (no tracing support, a noexec directory, JNA's native
 * part missing), the runtime logs one WARN saying why and how to fix it and uses no-op probes; in
 * {@linkplain UsdtOptions#strict() strict} mode it throws {@link UsdtException} instead.
 */
public final class UsdtRuntime implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(UsdtRuntime.class.getName());

	private final UsdtOptions options;

	private final Backend backend;

	private final NativeStrings strings;

	private final Map<String, Provider> providers = new LinkedHashMap<>();

	private boolean closed;

	private UsdtRuntime(UsdtOptions options, Backend backend) {
		this.options = options;
		this.backend = backend;
		this.strings = new NativeStrings(options.maxStringBytes());
	}

	/** A runtime with {@link UsdtOptions#defaults()} (the {@code usdt.*} system properties). */
	public static UsdtRuntime create() {
		return create(UsdtOptions.defaults());
	}

	public static UsdtRuntime create(UsdtOptions options) {
		try {
			return new UsdtRuntime(options, BackendSelector.create(options.backend(), options.libraryDirectory()));
		}
		catch (BackendException ex) {
			if (options.strict()) {
				throw new UsdtException("USDT backend '" + options.backend().displayName() + "' cannot work here: "
						+ ex.getMessage(), ex);
			}
			logger.log(Level.WARNING, "USDT probes are disabled (no-op backend): " + ex.getMessage()
					+ ". Set usdt.backend=noop to silence this warning, or usdt.strict=true to fail instead.");
			return new UsdtRuntime(options, new NoopBackend());
		}
	}

	/** {@code stapsdt}, {@code dtrace} or {@code noop}: the backend actually in use. */
	public String backend() {
		return this.backend.name();
	}

	public UsdtOptions options() {
		return this.options;
	}

	/**
	 * Registers one provider. A provider name is registered at most once per runtime.
	 * @throws UsdtException if the name is taken, or (strict mode) the backend refuses it
	 */
	public synchronized Provider register(ProviderDefinition definition) {
		if (this.closed) {
			throw new UsdtException("This USDT runtime is closed");
		}
		if (this.providers.containsKey(definition.name())) {
			throw new UsdtException("Provider '" + definition.name() + "' is already registered (from "
					+ this.providers.get(definition.name()).source() + "); provider names must be unique");
		}
		requireIdentifiers(definition);
		Provider provider = new Provider(definition, load(definition), this.strings);
		this.providers.put(definition.name(), provider);
		SemaphoreWatcher.INSTANCE.register(provider, this.options);
		return provider;
	}

	/** Names every backend can carry, checked here so that a no-op runtime refuses what a real one would. */
	private static void requireIdentifiers(ProviderDefinition definition) {
		if (!DNames.isIdentifier(definition.name())) {
			throw new UsdtException("Provider name '" + definition.name() + "' (" + definition.location()
					+ ") is not an identifier: " + DNames.providerNameRule(definition.name()));
		}
		for (ProbeDefinition probe : definition.probes()) {
			if (!DNames.isIdentifier(probe.name())) {
				throw new UsdtException("Probe name '" + probe.name() + "' of provider " + definition.name() + " ("
						+ probe.location() + ") is not an identifier: " + DNames.probeNameRule(probe.name()));
			}
		}
	}

	/** Registers every provider of a parsed file. */
	public List<Provider> register(DefinitionFile file) {
		List<Provider> registered = new ArrayList<>();
		file.providers().forEach((definition) -> registered.add(register(definition)));
		return registered;
	}

	/**
	 * Parses a {@code .d} file and registers its providers.
	 * @throws dev.usdt.parser.DefinitionException if the file is not valid (every problem, with
	 * file, line and column)
	 */
	public List<Provider> register(Path definitionFile) throws IOException {
		return register(ProviderParser.parse(definitionFile));
	}

	/**
	 * Binds a {@link UsdtProvider @UsdtProvider} interface to its provider, registering the
	 * interface as the definition if no provider of that name is registered yet.
	 */
	public <T> T bind(Class<T> providerInterface) {
		return TypedProviders.bind(this, providerInterface);
	}

	/**
	 * Unregisters one provider of this runtime: its probes become no-ops and its name is free
	 * again. Its library stays mapped until exit (nothing is unmapped while a thread may fire); the
	 * file goes at exit, or when the name is registered again from another library
	 * (docs/file-lifecycle.md §5). Does nothing for a provider this runtime does not hold.
	 */
	public synchronized void unregister(Provider provider) {
		if (this.providers.remove(provider.name(), provider)) {
			provider.close();
		}
	}

	private LoadedProvider load(ProviderDefinition definition) {
		try {
			return this.backend.load(definition);
		}
		catch (BackendException ex) {
			if (this.options.strict()) {
				throw new UsdtException("Cannot register USDT provider '" + definition.name() + "': " + ex.getMessage(),
						ex);
			}
			logger.log(Level.WARNING, "USDT provider '" + definition.name() + "' uses no-op probes: " + ex.getMessage());
			return new NoopBackend().load(definition);
		}
	}

	public synchronized Optional<Provider> provider(String name) {
		return Optional.ofNullable(this.providers.get(name));
	}

	public synchronized List<Provider> providers() {
		return List.copyOf(this.providers.values());
	}

	/** The process id tracers attach to ({@code bpftrace -p PID}). */
	public long pid() {
		return ProcessHandle.current().pid();
	}

	/**
	 * Unregisters every provider: their probes become no-ops. Safe while other threads fire:
	 * nothing is unmapped.
	 */
	@Override
	public synchronized void close() {
		if (!this.closed) {
			this.closed = true;
			this.providers.values().forEach(Provider::close);
		}
	}

	public synchronized boolean isClosed() {
		return this.closed;
	}

	@Override
	public String toString() {
		return "UsdtRuntime[" + this.backend.name() + ", providers=" + this.providers.keySet() + "]";
	}

}
