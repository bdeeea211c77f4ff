package dev.usdt.jvm;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import dev.usdt.Probe;
import dev.usdt.Provider;
import dev.usdt.UsdtException;
import dev.usdt.UsdtRuntime;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

/**
 * A built-in provider of JVM probes (GC, memory pools, threads, class loading, safepoints, heap),
 * for every JDK, fed from inside the process by JFR event streaming and JMX notifications.
 *
 * <pre>{@code
 * UsdtRuntime usdt = UsdtRuntime.create();
 * JvmProvider.install(usdt);
 * // bpftrace -p PID -e 'usdt:*:jvm:gc__end { printf("%s %s %d us\n", str(arg1), str(arg2), arg4 / 1000); }'
 * }</pre>
 *
 * <p>
 * Nothing is recorded while no tracer is attached: one small thread reads the provider's
 * semaphores every {@link JvmProbeWatcher#INTERVAL} and enables a JFR event type, the GC
 * notification listener or the heap sampler only while a probe that needs it is enabled; the JFR
 * stream closes when the last such probe is disabled. The probes fire after the fact, so each
 * carries the event's own start time and duration (see {@link JvmProbe}).
 */
public final class JvmProvider implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(JvmProvider.class.getName());

	private final Provider provider;

	private final JvmProbeNaming naming;

	private final JvmProbes probes;

	private final JvmProbeWatcher watcher;

	private JvmProvider(Provider provider, JvmProbeNaming naming) {
		this.provider = provider;
		this.naming = naming;
		this.probes = new JvmProbes(provider, naming);
		this.watcher = new JvmProbeWatcher(this.probes, provider::isClosed);
	}

	/** Registers the {@code jvm} provider on {@code runtime} and starts following its probes. */
	public static JvmProvider install(UsdtRuntime runtime) {
		return install(runtime, JvmProbeNaming.JVM);
	}

	/**
	 * Registers the provider named as {@code naming} says on {@code runtime} and starts following
	 * its probes. {@link JvmProbeNaming#HOTSPOT} falls back to {@link JvmProbeNaming#JVM} with a
	 * warning when the running libjvm has its own {@code hotspot} probes (in strict mode it throws).
	 * @throws UsdtException if the runtime already has a provider of that name, or as above
	 */
	public static JvmProvider install(UsdtRuntime runtime, JvmProbeNaming naming) {
		return install(runtime, naming, HotSpotNativeProbes::inRunningJvm);
	}

	static JvmProvider install(UsdtRuntime runtime, JvmProbeNaming naming, BooleanSupplier libjvmHasProbes) {
		JvmProbeNaming chosen = choose(runtime, naming, libjvmHasProbes);
		JvmProvider jvm = new JvmProvider(runtime.register(definition(chosen)), chosen);
		if (!"noop".equals(runtime.backend())) {
			// with no-op probes no semaphore is ever set: nothing to watch
			jvm.watcher.start();
		}
		return jvm;
	}

	private static JvmProbeNaming choose(UsdtRuntime runtime, JvmProbeNaming naming, BooleanSupplier libjvmHasProbes) {
		if (naming != JvmProbeNaming.HOTSPOT || !libjvmHasProbes.getAsBoolean()) {
			return naming;
		}
		String reason = "The running libjvm has USDT probes of its own (a .note.stapsdt section with the hotspot "
				+ "provider), so the JVM provider cannot take the name 'hotspot': ";
		if (runtime.options().strict()) {
			throw new UsdtException(reason + "use naming 'jvm', or trace HotSpot's own probes");
		}
		logger.log(Level.WARNING, reason + "it is registered as 'jvm' instead. Trace HotSpot's own probes with "
				+ "usdt:<libjvm.so>:hotspot:*, or set the naming to 'jvm' to silence this warning.");
		return JvmProbeNaming.JVM;
	}

	/**
	 * Whether {@link JvmProbeNaming#HOTSPOT} is offered in this JVM: only when the running libjvm
	 * has no USDT probes of its own.
	 */
	public static boolean isHotSpotNamingOffered() {
		return !HotSpotNativeProbes.inRunningJvm();
	}

	/** The provider's definition under {@code naming}. */
	public static ProviderDefinition definition(JvmProbeNaming naming) {
		List<JvmProbe> probes = JvmProbe.all();
		ProbeDefinition[] definitions = new ProbeDefinition[probes.size()];
		for (int i = 0; i < definitions.length; i++) {
			definitions[i] = probes.get(i).definition(naming);
		}
		// Named as its source, so that a .d file declaring the same provider is told which one it is
		return new ProviderDefinition(naming.providerName(), List.of(definitions), Map.of(),
				SourceLocation.of(JvmProvider.class.getName() + " (the built-in JVM provider)"));
	}

	public Provider provider() {
		return this.provider;
	}

	/** The naming in use; {@code jvm} when {@code hotspot} was asked for but not offered. */
	public JvmProbeNaming naming() {
		return this.naming;
	}

	public Probe probe(JvmProbe probe) {
		return this.probes.get(probe);
	}

	/** Whether a JFR recording is open now: only while a tracer enables a probe fed by JFR. */
	public boolean isRecording() {
		return this.watcher.isRecording();
	}

	/** The JFR event types recorded now. */
	public Set<String> recordedEventTypes() {
		return this.watcher.recordedEventTypes();
	}

	/** Whether the GC notification listener is installed: only while a pool probe is enabled. */
	public boolean isListeningForGc() {
		return this.watcher.isListening();
	}

	/**
	 * Stops following the probes: the JFR stream and the GC listener are closed and the probes no
	 * longer fire. The provider stays registered (and listed) until its runtime closes.
	 */
	@Override
	public void close() {
		this.watcher.close();
	}

	@Override
	public String toString() {
		return "JvmProvider[" + this.provider.name() + ", recording=" + isRecording() + "]";
	}

}
