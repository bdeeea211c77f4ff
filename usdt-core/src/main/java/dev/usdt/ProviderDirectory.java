package dev.usdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * The process-wide table that code generated from {@code .d} files (the {@code usdt-maven-plugin}'s
 * {@code XxxProbes} classes) fires through: per provider name, which registered provider serves it
 * right now.
 *
 * <ul>
 * <li>A generated class {@linkplain #attach attaches} when it is first used. If no runtime has
 * {@linkplain #publish published} the provider, it is registered with the process-wide default
 * runtime ({@link UsdtOptions#defaults()}, the {@code usdt.*} system properties). That runtime is
 * never closed: its providers stay registered until the JVM exits, and their library files are
 * deleted then. With {@code -Dusdt.backend=noop} that runtime is the no-op one and writes no
 * library ({@code usdt.enabled} is a Spring Boot property; plain Java does not read it).</li>
 * <li>An application that switched USDT off {@linkplain #disableDefaultRuntime disables} that
 * runtime: generated classes then fire nothing unless a runtime publishes their provider.</li>
 * <li>A runtime that owns the provider, such as the Spring Boot starter's, publishes it. From then
 * on generated classes fire that provider; a registration the default runtime made before is
 * unregistered, so the process has one provider of that name again.</li>
 * <li>When a published provider is closed (its context closes), generated classes fire the
 * provider published before it, if it is still open, and otherwise nothing, until the next
 * context publishes one (a restarted context does so when it starts). They never register with
 * the default runtime again, since a closing context usually means a stopping application.</li>
 * </ul>
 *
 * <p>
 * Rebinding swaps the probe inside each {@link ProbeHandle}; a tracer that attached to the old
 * registration must be restarted to see the new one.
 */
public final class ProviderDirectory {

	private static final Map<String, Entry> entries = new HashMap<>();

	private static UsdtRuntime defaultRuntime;

	private static boolean defaultRuntimeDisabled;

	private ProviderDirectory() {
	}

	/**
	 * Handles for every fireable probe of {@code definition}, in declaration order, bound to the
	 * provider of that name that serves generated code now (registering it with the default runtime
	 * if none does and it is not {@linkplain #disableDefaultRuntime disabled}).
	 */
	public static synchronized List<ProbeHandle> attach(ProviderDefinition definition) {
		Entry entry = entry(definition.name());
		List<ProbeHandle> handles = new ArrayList<>();
		for (ProbeDefinition probe : definition.fireableProbes()) {
			handles.add(new ProbeHandle(definition.name(), probe, null));
		}
		entry.attached.add(handles);
		Provider current = entry.current();
		if (current == null && !defaultRuntimeDisabled) {
			current = defaultRuntime().register(definition);
			entry.registeredByDefault = current;
		}
		bindAll(entry, current);
		return List.copyOf(handles);
	}

	/**
	 * Makes {@code provider} the one generated classes of its name fire, until it is closed or
	 * another is published. Called by the runtime that owns the application's providers.
	 */
	public static synchronized void publish(Provider provider) {
		Entry entry = entry(provider.name());
		entry.published.remove(provider);
		entry.published.add(provider);
		Provider registeredByDefault = entry.registeredByDefault;
		entry.registeredByDefault = null;
		bindAll(entry, provider);
		if (registeredByDefault != null) {
			defaultRuntime().unregister(registeredByDefault);
		}
	}

	/**
	 * From now on, a generated class whose provider no runtime publishes fires nothing instead of
	 * registering it with the default runtime (which is then never created: no backend, no library
	 * file). Providers the default runtime registered before, for classes used earlier, are
	 * unregistered and their handles fire nothing (their libraries, already loaded, stay mapped
	 * until exit, as every unregistered provider's do). Published providers are unaffected, so a
	 * runtime that publishes later still serves generated classes. For the process's lifetime; the
	 * Spring Boot starter calls it when {@code usdt.enabled=false}.
	 */
	public static synchronized void disableDefaultRuntime() {
		defaultRuntimeDisabled = true;
		for (Entry entry : entries.values()) {
			Provider registeredByDefault = entry.registeredByDefault;
			if (registeredByDefault != null) {
				entry.registeredByDefault = null;
				if (entry.bound == registeredByDefault) {
					bindAll(entry, entry.current());
				}
				defaultRuntime().unregister(registeredByDefault);
			}
		}
	}

	/**
	 * Generated classes stop firing {@code provider}: they fire the one published before it, or
	 * nothing. Closing a provider withdraws it.
	 */
	public static synchronized void withdraw(Provider provider) {
		Entry entry = entries.get(provider.name());
		if (entry == null) {
			return;
		}
		entry.published.remove(provider);
		if (entry.registeredByDefault == provider) {
			entry.registeredByDefault = null;
		}
		if (entry.bound == provider) {
			bindAll(entry, entry.current());
		}
	}

	/** The entry of the provider of that name, created empty the first time. */
	private static Entry entry(String providerName) {
		Entry entry = entries.get(providerName);
		if (entry == null) {
			entry = new Entry();
			entries.put(providerName, entry);
		}
		return entry;
	}

	/** Points every attached handle at {@code provider}, or at nothing when it is {@code null}. */
	private static void bindAll(Entry entry, Provider provider) {
		entry.bound = provider;
		for (List<ProbeHandle> handles : entry.attached) {
			for (ProbeHandle handle : handles) {
				if (provider != null) {
					handle.bind(provider);
				}
				else {
					handle.unbind();
				}
			}
		}
	}

	private static UsdtRuntime defaultRuntime() {
		if (defaultRuntime == null) {
			defaultRuntime = UsdtRuntime.create();
		}
		return defaultRuntime;
	}

	private static final class Entry {

		/** Handle groups of every generated class attached, one per class (and class loader). */
		final List<List<ProbeHandle>> attached = new ArrayList<>();

		/** Published providers still open, the newest last. */
		final List<Provider> published = new ArrayList<>();

		Provider registeredByDefault;

		/** The provider the handles fire now. */
		Provider bound;

		Provider current() {
			for (int i = this.published.size() - 1; i >= 0; i--) {
				if (!this.published.get(i).isClosed()) {
					return this.published.get(i);
				}
			}
			return this.registeredByDefault;
		}

	}

}
