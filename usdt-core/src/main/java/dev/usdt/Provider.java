package dev.usdt;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.usdt.backend.LoadedProvider;
import dev.usdt.nativeaccess.NativeStrings;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.QuotedText;

/** A registered provider: its probes, and where the tracer finds them. */
public final class Provider {

	private final ProviderDefinition definition;

	private final LoadedProvider loaded;

	private final Map<String, Probe> probes;

	private volatile boolean closed;

	Provider(ProviderDefinition definition, LoadedProvider loaded, NativeStrings strings) {
		this.definition = definition;
		this.loaded = loaded;
		Map<String, Probe> probes = new LinkedHashMap<>();
		for (ProbeDefinition probe : definition.fireableProbes()) {
			probes.put(probe.name(), new Probe(definition.name(), probe, loaded.semaphores(),
					loaded.semaphoreOffset(probe.name()), loaded.function(probe.name()), strings));
		}
		this.probes = Collections.unmodifiableMap(probes);
	}

	public String name() {
		return this.definition.name();
	}

	public ProviderDefinition definition() {
		return this.definition;
	}

	/** Where the definition came from: a {@code .d} file, a class, or {@code code}. */
	public String source() {
		return this.definition.location().source();
	}

	/** The shared object the tracer reads the probes from, when the backend writes one. */
	public Optional<Path> library() {
		return this.loaded.library();
	}

	/**
	 * Whether {@link #library()} is on disk as the very file this process maps, so tracers
	 * attaching by path or by pid find the probes: checked now. {@code true} when the backend
	 * writes no library.
	 */
	public boolean isLibraryOnDisk() {
		return this.loaded.isLibraryOnDisk();
	}

	/** The fireable probes, in declaration order. */
	public Collection<Probe> probes() {
		return this.probes.values();
	}

	/**
	 * The probe of that name.
	 * @throws IllegalArgumentException if the provider has no such fireable probe
	 */
	public Probe probe(String name) {
		Probe probe = this.probes.get(name);
		if (probe == null) {
			String reason = this.definition.probe(name)
				.flatMap((declared) -> declared.unfireableReason().map((why) -> " " + why + ", so it cannot be fired"))
				.orElse(" is not declared; declared probes: " + this.probes.keySet());
			// escaped: the name may come from a command line
			throw new IllegalArgumentException("Probe " + name() + ":" + QuotedText.escaped(name) + reason);
		}
		return probe;
	}

	public boolean isClosed() {
		return this.closed;
	}

	void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		ProviderDirectory.withdraw(this);
		SemaphoreWatcher.INSTANCE.unregister(this);
		ByteBuffer zero = ByteBuffer.allocateDirect(Math.max(2, this.loaded.semaphores().capacity()));
		this.probes.values().forEach((probe) -> probe.close(zero));
		this.loaded.release();
	}

	@Override
	public String toString() {
		return "Provider " + name() + " " + this.probes.keySet();
	}

}
