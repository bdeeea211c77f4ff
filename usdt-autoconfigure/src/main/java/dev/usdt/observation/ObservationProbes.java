package dev.usdt.observation;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.usdt.Probe;
import dev.usdt.Provider;
import dev.usdt.UsdtException;
import dev.usdt.UsdtRuntime;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

/**
 * The four probes every observation fires, registered as one provider ({@code observation} unless
 * configured otherwise):
 *
 * <pre>
 * probe start(char *name, char *contextual_name, char *tags, char *trace_id, char *span_id);
 * probe stop(char *name, char *contextual_name, int64_t duration_ns, char *error, char *tags, char *trace_id);
 * probe error(char *name, char *contextual_name, char *error_class, char *message);
 * probe event(char *name, char *contextual_name, char *event_name);
 * </pre>
 *
 * Use without Spring Boot:
 *
 * <pre>{@code
 * ObservationProbes probes = ObservationProbes.register(usdt);
 * UsdtObservationBridge.joinWhenTraced(new UsdtObservationHandler(probes), observationRegistry);
 * }</pre>
 */
public final class ObservationProbes {

	/** The provider name unless {@code usdt.observation.provider} names another. */
	public static final String DEFAULT_PROVIDER = "observation";

	/** What a D provider name may be; DTrace appends the process id, hence at most 53 characters. */
	private static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,52}");

	/** Where {@code /actuator/usdt} says the provider was declared. */
	private static final SourceLocation SOURCE = SourceLocation.of(ObservationProbes.class.getName());

	private final Provider provider;

	final Probe start;

	final Probe stop;

	final Probe error;

	final Probe event;

	private ObservationProbes(Provider provider) {
		this.provider = provider;
		this.start = provider.probe("start");
		this.stop = provider.probe("stop");
		this.error = provider.probe("error");
		this.event = provider.probe("event");
	}

	/** Registers the {@value #DEFAULT_PROVIDER} provider on {@code runtime}. */
	public static ObservationProbes register(UsdtRuntime runtime) {
		return register(runtime, DEFAULT_PROVIDER);
	}

	/**
	 * Registers the provider under {@code providerName} on {@code runtime}.
	 * @throws UsdtException if the name is not a D identifier or the runtime already has a
	 * provider of that name
	 */
	public static ObservationProbes register(UsdtRuntime runtime, String providerName) {
		if (!PROVIDER_NAME.matcher(providerName).matches()) {
			throw new UsdtException("The observation provider name '" + providerName + "' is not a D provider "
					+ "name: it must start with a letter, contain only letters, digits and '_', and have at most "
					+ "53 characters (set usdt.observation.provider)");
		}
		Provider taken = runtime.provider(providerName).orElse(null);
		if (taken != null) {
			throw new UsdtException("The observation provider cannot be registered as '" + providerName
					+ "': a provider of that name is already registered from " + taken.source()
					+ "; name it otherwise with usdt.observation.provider, or turn it off with "
					+ "usdt.observation.enabled=false");
		}
		return new ObservationProbes(runtime.register(definition(providerName)));
	}

	/** The provider's definition under {@code providerName}. */
	public static ProviderDefinition definition(String providerName) {
		return new ProviderDefinition(providerName, List.of(
				probe("start", text("name"), text("contextual_name"), text("tags"), text("trace_id"), text("span_id")),
				probe("stop", text("name"), text("contextual_name"), ProbeArgument.of("duration_ns", ArgumentKind.INT64),
						text("error"), text("tags"), text("trace_id")),
				probe("error", text("name"), text("contextual_name"), text("error_class"), text("message")),
				probe("event", text("name"), text("contextual_name"), text("event_name"))),
				Map.of(), SOURCE);
	}

	public Provider provider() {
		return this.provider;
	}

	/**
	 * Whether a tracer enables any of the probes now. Folded away by the JIT while no probe of the
	 * process is enabled; otherwise four reads of the semaphores.
	 */
	boolean anyEnabled() {
		return this.start.shouldFire() || this.stop.shouldFire() || this.error.shouldFire()
				|| this.event.shouldFire();
	}

	private static ProbeDefinition probe(String name, ProbeArgument... arguments) {
		return new ProbeDefinition(name, List.of(arguments), List.of(), SOURCE);
	}

	private static ProbeArgument text(String name) {
		return ProbeArgument.of(name, ArgumentKind.STRING);
	}

	@Override
	public String toString() {
		return "ObservationProbes[" + this.provider.name() + "]";
	}

}
