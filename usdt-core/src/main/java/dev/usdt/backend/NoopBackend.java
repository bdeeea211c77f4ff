package dev.usdt.backend;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

import dev.usdt.nativeaccess.ProbeFunction;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * The backend for platforms without tracing support: probes exist and can be fired, but their
 * semaphores are always zero, so a fire is one memory read and nothing else.
 */
public final class NoopBackend implements Backend {

	@Override
	public String name() {
		return "noop";
	}

	@Override
	public LoadedProvider load(ProviderDefinition provider) {
		return new NoopProvider(provider);
	}

	private record NoopProvider(ProviderDefinition definition, ByteBuffer semaphores) implements LoadedProvider {

		NoopProvider(ProviderDefinition definition) {
			this(definition, ByteBuffer.allocateDirect(2 * Math.max(1, definition.probes().size())));
		}

		@Override
		public Optional<Path> library() {
			return Optional.empty();
		}

		@Override
		public int semaphoreOffset(String probeName) {
			return 2 * indexOf(probeName);
		}

		@Override
		public long stubAddress(String probeName) {
			return 0;
		}

		@Override
		public ProbeFunction function(String probeName) {
			return ProbeFunction.NONE;
		}

		@Override
		public void release() {
		}

		private int indexOf(String probeName) {
			int index = 0;
			for (ProbeDefinition probe : this.definition.probes()) {
				if (probe.name().equals(probeName)) {
					return index;
				}
				index++;
			}
			throw new IllegalArgumentException("No probe " + probeName + " in provider " + this.definition.name());
		}

	}

}
