package dev.usdt.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.usdt.TypedProviders;
import dev.usdt.UsdtException;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

/**
 * Merges the three sources of probes into one definition per provider: {@code .d} files,
 * {@code @UsdtProvider} interfaces and {@code @UsdtProbe} methods. A probe name may come from one
 * source only; a second one fails startup naming both.
 *
 * <p>
 * Add every {@code .d} file before any interface: an interface whose provider a file declares
 * must match that declaration and adds nothing, otherwise it is the declaration.
 */
final class ProviderCatalog {

	private final Map<String, Entry> providers = new LinkedHashMap<>();

	void addFile(DefinitionFile file) {
		for (ProviderDefinition provider : file.providers()) {
			Entry entry = entry(provider);
			entry.declaredByFile = true;
			for (ProbeDefinition probe : provider.probes()) {
				entry.add(probe, probe.location().toString());
			}
		}
	}

	void addInterface(Class<?> type) {
		String name;
		try {
			name = TypedProviders.providerName(type);
		}
		catch (UsdtException ex) {
			throw invalidInterface(type, ex);
		}
		Entry existing = this.providers.get(name);
		if (existing != null && existing.declaredByFile) {
			checkInterface(type, existing.definition());
			return;
		}
		ProviderDefinition definition;
		try {
			definition = TypedProviders.definitionOf(type);
		}
		catch (UsdtException ex) {
			throw invalidInterface(type, ex);
		}
		Entry entry = entry(definition);
		for (ProbeDefinition probe : definition.probes()) {
			entry.add(probe, probe.location().source());
		}
	}

	void addMethod(ProbedMethod method) {
		Entry entry = this.providers.get(method.provider());
		if (entry == null) {
			entry = entry(new ProviderDefinition(method.provider(), List.of(), Map.of(),
					SourceLocation.of(method.method().getDeclaringClass().getName())));
		}
		entry.add(method.entryProbe(), method.describe());
		entry.add(method.returnProbe(), method.describe());
	}

	/**
	 * Checks that a {@code @UsdtProvider} interface can bind to {@code definition}, failing startup
	 * with the fix when it cannot.
	 */
	static void checkInterface(Class<?> type, ProviderDefinition definition) {
		try {
			TypedProviders.validate(type, definition);
		}
		catch (UsdtException ex) {
			throw invalidInterface(type, ex);
		}
	}

	static ProbeDeclarationException invalidInterface(Class<?> type, UsdtException ex) {
		return new ProbeDeclarationException(ex.getMessage(), "change the @UsdtProvider interface " + type.getName()
				+ " as described; where a .d file declares its provider, each method must match one of the file's "
				+ "probes (name, number of arguments, integer or string)", ex);
	}

	Collection<ProviderDefinition> definitions() {
		List<ProviderDefinition> definitions = new ArrayList<>(this.providers.size());
		for (Entry entry : this.providers.values()) {
			definitions.add(entry.definition());
		}
		return definitions;
	}

	private Entry entry(ProviderDefinition provider) {
		Entry entry = this.providers.get(provider.name());
		if (entry == null) {
			entry = new Entry(provider);
			this.providers.put(provider.name(), entry);
		}
		return entry;
	}

	private static final class Entry {

		private final ProviderDefinition first;

		private final Map<String, ProbeDefinition> probes = new LinkedHashMap<>();

		private final Map<String, String> origins = new LinkedHashMap<>();

		boolean declaredByFile;

		Entry(ProviderDefinition first) {
			this.first = first;
		}

		void add(ProbeDefinition probe, String origin) {
			String previous = this.origins.putIfAbsent(probe.name(), origin);
			if (previous != null) {
				throw new ProbeDeclarationException("USDT probe " + this.first.name() + ":" + probe.name()
						+ " is declared twice: by " + previous + " and by " + origin,
						"give one of them a different name: @UsdtProbe(\"...\") on the method, @ProbeName(\"...\") "
								+ "on the interface method, or another name in the .d file",
						null);
			}
			this.probes.put(probe.name(), probe);
		}

		ProviderDefinition definition() {
			return new ProviderDefinition(this.first.name(), new ArrayList<>(this.probes.values()),
					this.first.attributes(), this.first.location());
		}

	}

}
