package dev.usdt.jvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.Probe;
import dev.usdt.ProbeActivation;
import dev.usdt.ProbeSemaphores;
import dev.usdt.UsdtException;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.scheduling.UsdtScheduler;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JVM provider without a tracer: its definition, the naming modes, and which feeds run for
 * which enabled probes (semaphores set by the test hook instead of a tracer).
 */
class JvmProviderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path tempDir;

	private UsdtRuntime runtime;

	private JvmProvider jvm;

	@BeforeEach
	void createRuntime() {
		this.runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withLibraryDirectory(this.tempDir.resolve("lib")));
	}

	@AfterEach
	void close() {
		if (this.jvm != null) {
			this.jvm.close();
		}
		this.runtime.close();
	}

	@Test
	void definitionHasEveryProbeWithAtMostSixArguments() {
		ProviderDefinition definition = JvmProvider.definition(JvmProbeNaming.JVM);
		assertThat(definition.name()).isEqualTo("jvm");
		assertThat(definition.probes()).extracting(ProbeDefinition::name)
			.containsExactly("gc__begin", "gc__end", "mem__pool__gc__begin", "mem__pool__gc__end", "thread__start",
					"thread__end", "class__loaded", "safepoint__begin", "safepoint__end", "gc__pause__begin",
					"gc__pause__end", "heap__summary");
		assertThat(definition.probes()).allSatisfy((probe) -> assertThat(probe.arguments()).hasSizeLessThanOrEqualTo(6));
		// Named as the README documents them, so the endpoint's one-liners print names, not arg0=
		assertThat(definition.probe("gc__end").orElseThrow().arguments()).extracting(ProbeArgument::name)
			.containsExactly("gc_id", "gc_name", "cause", "start_ns", "duration_ns", "sum_of_pauses_ns");
		assertThat(definition.probes()).allSatisfy((probe) -> assertThat(probe.arguments()).extracting(ProbeArgument::name)
			.doesNotContainNull());
	}

	@Test
	void hotspotNamingUsesHotSpotNamesOnlyWhereTheMeaningMatches() {
		ProviderDefinition definition = JvmProvider.definition(JvmProbeNaming.HOTSPOT);
		assertThat(definition.name()).isEqualTo("hotspot");
		assertThat(definition.probes()).extracting(ProbeDefinition::name)
			.containsExactly("gc__begin", "gc__end", "mem__pool__gc__begin", "mem__pool__gc__end", "thread__start",
					"thread__stop", "class__loaded", "safepoint__begin", "safepoint__end", "gc__pause__begin",
					"gc__pause__end", "heap__summary");
	}

	@Test
	void installRegistersTheProviderAndRecordsNothingWhileNoProbeIsEnabled() throws Exception {
		List<Recording> before = recordings();
		this.jvm = JvmProvider.install(this.runtime);
		assertThat(this.runtime.provider("jvm")).containsSame(this.jvm.provider());
		Thread.sleep(3 * JvmProbeWatcher.INTERVAL.toMillis());
		assertThat(this.jvm.isRecording()).isFalse();
		assertThat(this.jvm.isListeningForGc()).isFalse();
		assertThat(recordings()).isEqualTo(before);
	}

	@Test
	void enablingAGcProbeOpensAStreamWithOnlyItsEventTypeAndDisablingItClosesIt() throws Exception {
		List<Recording> before = recordings();
		this.jvm = JvmProvider.install(this.runtime);
		Probe gcEnd = this.jvm.probe(JvmProbe.GC_END);
		ProbeSemaphores.overrideForTesting(gcEnd, true);
		Bpftrace.await(this.jvm::isRecording, TIMEOUT, "JFR stream opened");
		assertThat(this.jvm.recordedEventTypes()).containsExactly("jdk.GarbageCollection");
		assertThat(recordings()).hasSize(before.size() + 1);
		ProbeSemaphores.overrideForTesting(gcEnd, false);
		Bpftrace.await(() -> !this.jvm.isRecording(), TIMEOUT, "JFR stream closed");
		assertThat(recordings()).isEqualTo(before);
	}

	@Test
	void threadProbesRecordVirtualThreadEventsOnlyWhereTheJvmHasThem() throws Exception {
		this.jvm = JvmProvider.install(this.runtime);
		ProbeSemaphores.overrideForTesting(this.jvm.probe(JvmProbe.THREAD_START), true);
		Bpftrace.await(this.jvm::isRecording, TIMEOUT, "JFR stream opened");
		if (Runtime.version().feature() >= 21) {
			assertThat(this.jvm.recordedEventTypes()).containsExactlyInAnyOrder("jdk.ThreadStart",
					"jdk.VirtualThreadStart");
		}
		else {
			assertThat(this.jvm.recordedEventTypes()).containsExactly("jdk.ThreadStart");
		}
		ProbeSemaphores.overrideForTesting(this.jvm.probe(JvmProbe.THREAD_END), true);
		Bpftrace.await(() -> this.jvm.recordedEventTypes().contains("jdk.ThreadEnd"), TIMEOUT,
				"jdk.ThreadEnd enabled on the running stream");
		ProbeSemaphores.overrideForTesting(this.jvm.probe(JvmProbe.THREAD_START), false);
		Bpftrace.await(() -> !this.jvm.recordedEventTypes().contains("jdk.ThreadStart"), TIMEOUT,
				"jdk.ThreadStart disabled on the running stream");
		assertThat(this.jvm.isRecording()).isTrue();
	}

	@Test
	void poolProbesListenForGcNotificationsWithoutARecording() throws Exception {
		this.jvm = JvmProvider.install(this.runtime);
		Probe poolEnd = this.jvm.probe(JvmProbe.MEM_POOL_GC_END);
		ProbeSemaphores.overrideForTesting(poolEnd, true);
		Bpftrace.await(this.jvm::isListeningForGc, TIMEOUT, "GC notification listener added");
		assertThat(this.jvm.isRecording()).isFalse();
		ProbeSemaphores.overrideForTesting(poolEnd, false);
		Bpftrace.await(() -> !this.jvm.isListeningForGc(), TIMEOUT, "GC notification listener removed");
	}

	@Test
	void closingTheRuntimeStopsEveryFeed() throws Exception {
		this.jvm = JvmProvider.install(this.runtime);
		ProbeSemaphores.overrideForTesting(this.jvm.probe(JvmProbe.CLASS_LOADED), true);
		Bpftrace.await(this.jvm::isRecording, TIMEOUT, "JFR stream opened");
		this.runtime.close();
		Bpftrace.await(() -> !this.jvm.isRecording(), TIMEOUT, "JFR stream closed with the runtime");
	}

	@Test
	void hotspotNamingIsUsedWhenLibjvmHasNoProbesOfItsOwn() {
		this.jvm = JvmProvider.install(this.runtime, JvmProbeNaming.HOTSPOT, () -> false);
		assertThat(this.jvm.naming()).isEqualTo(JvmProbeNaming.HOTSPOT);
		assertThat(this.runtime.provider("hotspot")).isPresent();
		assertThat(this.jvm.probe(JvmProbe.THREAD_END).name()).isEqualTo("thread__stop");
	}

	@Test
	void hotspotNamingFallsBackToJvmWhenLibjvmHasItsOwnProbes() {
		this.jvm = JvmProvider.install(this.runtime, JvmProbeNaming.HOTSPOT, () -> true);
		assertThat(this.jvm.naming()).isEqualTo(JvmProbeNaming.JVM);
		assertThat(this.runtime.provider("hotspot")).isEmpty();
		assertThat(this.runtime.provider("jvm")).isPresent();
	}

	@Test
	void hotspotNamingFailsInStrictModeWhenLibjvmHasItsOwnProbes() {
		try (UsdtRuntime strict = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("strict")))) {
			assertThatExceptionOfType(UsdtException.class)
				.isThrownBy(() -> JvmProvider.install(strict, JvmProbeNaming.HOTSPOT, () -> true))
				.withMessageContaining("libjvm has USDT probes of its own");
			assertThat(strict.providers()).isEmpty();
		}
	}

	@Test
	void noopBackendRegistersTheProviderWithoutAPeriodicTask() {
		try (UsdtRuntime noop = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP))) {
			long tasks = providerTasks();
			this.jvm = JvmProvider.install(noop);
			assertThat(noop.provider("jvm")).isPresent();
			assertThat(providerTasks()).isEqualTo(tasks);
		}
	}

	@Test
	void thePeriodicTaskRunsOnlyWhileTheGuardIsOnAndEndsWithTheProvider() throws Exception {
		Bpftrace.await(() -> !ProbeActivation.anyMayBeEnabled(), Duration.ofSeconds(30), "fast guard off");
		long tasks = providerTasks();
		this.jvm = JvmProvider.install(this.runtime);
		assertThat(providerTasks()).as("nothing traced: no task").isEqualTo(tasks);
		// a runtime without the fast guard keeps the guard on for as long as its provider is registered
		try (UsdtRuntime exact = UsdtRuntime.create(UsdtOptions.defaults()
			.withFastGuard(false)
			.withLibraryDirectory(this.tempDir.resolve("exact")))) {
			exact.register(ProviderDefinition.of("exact_guard", ProbeDefinition.of("tick")));
			assertThat(providerTasks()).as("guard on: the task reads the semaphores").isEqualTo(tasks + 1);
		}
		Bpftrace.await(() -> providerTasks() == tasks, Duration.ofSeconds(30), "task ended after the guard turned off");
		this.jvm.close();
		assertThat(providerTasks()).isEqualTo(tasks);
	}

	private static long providerTasks() {
		return UsdtScheduler.shared().taskNames().stream().filter(JvmProbeWatcher.TASK_NAME::equals).count();
	}

	/** Without initializing JFR when nothing did yet. */
	private static List<Recording> recordings() {
		return FlightRecorder.isInitialized() ? FlightRecorder.getFlightRecorder().getRecordings() : List.of();
	}

}
