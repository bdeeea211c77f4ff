package dev.usdt.backend.dtrace;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.usdt.backend.LoadedProvider;
import dev.usdt.nativeaccess.ProbeFunction;
import dev.usdt.parser.ProviderDefinition;

/**
 * A provider registered through {@code DTRACEHIOC_ADDDOF}. Holds the generation for removal; the
 * stub and DOF memory is never freed (docs/dof.md §9), so a thread that read a stub address before
 * {@link #release()} can still call it safely.
 */
final class DtraceLoadedProvider implements LoadedProvider {

	private final ProviderDefinition definition;

	private final ByteBuffer semaphores;

	private final Map<String, Integer> semaphoreOffsets;

	private final Map<String, Long> stubAddresses;

	private final Map<String, ProbeFunction> functions;

	private final Runnable remove;

	private final AtomicBoolean released = new AtomicBoolean();

	DtraceLoadedProvider(ProviderDefinition definition, ByteBuffer semaphores, Map<String, Integer> semaphoreOffsets,
			Map<String, Long> stubAddresses, Map<String, ProbeFunction> functions, Runnable remove) {
		this.definition = definition;
		this.semaphores = semaphores;
		this.semaphoreOffsets = Map.copyOf(semaphoreOffsets);
		this.stubAddresses = Map.copyOf(stubAddresses);
		this.functions = Map.copyOf(functions);
		this.remove = remove;
	}

	@Override
	public ProviderDefinition definition() {
		return this.definition;
	}

	@Override
	public Optional<Path> library() {
		return Optional.empty();
	}

	@Override
	public ByteBuffer semaphores() {
		return this.semaphores;
	}

	@Override
	public int semaphoreOffset(String probeName) {
		return lookup(this.semaphoreOffsets, probeName);
	}

	@Override
	public long stubAddress(String probeName) {
		return lookup(this.stubAddresses, probeName);
	}

	@Override
	public ProbeFunction function(String probeName) {
		return lookup(this.functions, probeName);
	}

	@Override
	public void release() {
		if (this.released.compareAndSet(false, true)) {
			this.remove.run();
		}
	}

	private <T> T lookup(Map<String, T> values, String probeName) {
		T value = values.get(probeName);
		if (value == null) {
			throw new IllegalArgumentException("Provider " + this.definition.name() + " has no fireable probe '"
					+ probeName + "'");
		}
		return value;
	}

}
