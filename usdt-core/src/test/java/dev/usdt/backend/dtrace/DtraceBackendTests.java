package dev.usdt.backend.dtrace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.usdt.backend.BackendException;
import dev.usdt.backend.LoadedProvider;
import dev.usdt.backend.dtrace.RecordingDtraceSystem.Ioctl;
import dev.usdt.nativeaccess.DtraceNativeException;
import dev.usdt.nativeaccess.DtraceSystem;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Registration through the {@link DtraceSystem} seam: request numbers, helper struct bytes and
 * generation handling per OS (docs/dof.md §6). No DTrace kernel is involved.
 */
class DtraceBackendTests {

	private static final ProviderDefinition ORDERS = ProviderDefinition.of("orders",
			ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT64),
			ProbeDefinition.of("tick"));

	private static final long DOF_ADDRESS = RecordingDtraceSystem.REGION_ADDRESS;

	@Test
	void illumosPassesAn80ByteHelperAndRemovesByValue() throws BackendException {
		RecordingDtraceSystem system = new RecordingDtraceSystem(DtraceOs.ILLUMOS);
		LoadedProvider provider = backend(system, DtraceOs.ILLUMOS).load(ORDERS);
		Ioctl add = system.ioctls.get(0);
		assertThat(add.kind()).isEqualTo("pointer");
		assertThat(add.request()).isEqualTo(0x64746803L);
		assertHelper(add.argument(), 80);
		provider.release();
		assertThat(system.ioctls.get(1)).satisfies((remove) -> {
			assertThat(remove.kind()).isEqualTo("value");
			assertThat(remove.request()).isEqualTo(0x64746802L);
			assertThat(remove.value()).isEqualTo(RecordingDtraceSystem.GENERATION);
		});
		assertThat(system.opened).containsOnly("/dev/dtrace/helper");
		assertThat(system.fileBacked).isFalse();
	}

	@Test
	void freebsdPassesPidAndReadsGenerationFromTheHelper() throws BackendException {
		RecordingDtraceSystem system = new RecordingDtraceSystem(DtraceOs.FREEBSD);
		LoadedProvider provider = backend(system, DtraceOs.FREEBSD).load(ORDERS);
		Ioctl add = system.ioctls.get(0);
		assertThat(add.request()).isEqualTo(0xC0587A03L);
		assertHelper(add.argument(), 88);
		ByteBuffer helper = ByteBuffer.wrap(add.argument()).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(helper.getInt(80)).isEqualTo(RecordingDtraceSystem.PID);
		assertThat(helper.getInt(84)).isZero();
		provider.release();
		Ioctl remove = system.ioctls.get(1);
		assertThat(remove.kind()).isEqualTo("pointer");
		assertThat(remove.request()).isEqualTo(0x80047A02L);
		assertThat(remove.argument()).containsExactly(RecordingDtraceSystem.GENERATION, 0, 0, 0);
	}

	@Test
	void macosPassesIoctlDataIndirectlyAndReadsGenerationFromDofhpDof() throws BackendException {
		RecordingDtraceSystem system = new RecordingDtraceSystem(DtraceOs.MACOS);
		LoadedProvider provider = backend(system, DtraceOs.MACOS).load(ORDERS);
		Ioctl add = system.ioctls.get(0);
		assertThat(add.kind()).isEqualTo("indirect");
		assertThat(add.request()).isEqualTo(0x80086804L);
		assertThat(add.argument()).hasSize(88);
		assertThat(ByteBuffer.wrap(add.argument()).order(ByteOrder.LITTLE_ENDIAN).getLong(0)).isEqualTo(1);
		assertHelper(Arrays.copyOfRange(add.argument(), 8, 88), 80);
		provider.release();
		Ioctl remove = system.ioctls.get(1);
		assertThat(remove.request()).isEqualTo(0x20006802L);
		assertThat(remove.value()).isEqualTo(RecordingDtraceSystem.GENERATION);
		assertThat(system.opened).containsOnly("/dev/dtracehelper");
	}

	@Test
	void oracleLinuxUsesAFileBackedRegionAndTheLinuxRequestNumbers() throws BackendException {
		RecordingDtraceSystem system = new RecordingDtraceSystem(DtraceOs.LINUX);
		LoadedProvider provider = backend(system, DtraceOs.LINUX).load(ORDERS);
		assertThat(system.fileBacked).isTrue();
		assertThat(system.ioctls.get(0).request()).isEqualTo(0x4050D803L);
		assertHelper(system.ioctls.get(0).argument(), 80);
		provider.release();
		assertThat(system.ioctls.get(1).request()).isEqualTo(0x4004D802L);
		assertThat(system.ioctls.get(1).value()).isEqualTo(RecordingDtraceSystem.GENERATION);
	}

	@Test
	void publishedRegionHoldsTheDofTheHelperPointsAtAndTheStubs() throws BackendException {
		RecordingDtraceSystem system = new RecordingDtraceSystem(DtraceOs.ILLUMOS);
		LoadedProvider provider = backend(system, DtraceOs.ILLUMOS).load(ORDERS);
		DofReader.Verdict verdict = DofReader.check(system.published);
		assertThat(verdict.line()).isEqualTo("ACCEPTED");
		long stub = provider.stubAddress("order__placed");
		assertThat(verdict.providers().get(0).probes().get(0).sites()).containsExactly(stub + 3);
		int offset = (int) (stub - DOF_ADDRESS);
		assertThat(system.published[offset + 3]).isEqualTo((byte) 0x90);
	}

	@Test
	void semaphoresFollowTheIsEnabledSitesAndClearOnRelease() throws BackendException {
		RecordingDtraceSystem system = new RecordingDtraceSystem(DtraceOs.ILLUMOS);
		DtraceBackend backend = backend(system, DtraceOs.ILLUMOS);
		LoadedProvider provider = backend.load(ORDERS);
		ByteBuffer semaphores = provider.semaphores();
		assertThat(semaphores.isDirect()).isTrue();
		long enabledFunction = provider.stubAddress("order__placed") - 0x10;
		system.enabled.put(enabledFunction, 1);
		backend.pollNow();
		assertThat(semaphores.getShort(provider.semaphoreOffset("order__placed"))).isEqualTo((short) 1);
		assertThat(semaphores.getShort(provider.semaphoreOffset("tick"))).isZero();
		provider.release();
		provider.release();
		assertThat(semaphores.getShort(provider.semaphoreOffset("order__placed"))).isZero();
		assertThat(system.ioctls).hasSize(2);
		backend.pollNow();
		assertThat(semaphores.getShort(provider.semaphoreOffset("order__placed"))).isZero();
	}

	@Test
	void missingDevicesAndRefusalsAreExplainedPerOs() {
		RecordingDtraceSystem freebsd = new RecordingDtraceSystem(DtraceOs.FREEBSD);
		freebsd.openFailure = new DtraceNativeException("opening /dev/dtrace/helper: No such file", 2);
		assertThat(DtraceBackend.deviceUnavailableReason(freebsd, DtraceOs.FREEBSD))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("kldload dtraceall"));
		assertThatExceptionOfType(BackendException.class)
			.isThrownBy(() -> backend(freebsd, DtraceOs.FREEBSD).load(ORDERS))
			.withMessageContaining("kldload dtraceall");
		RecordingDtraceSystem macos = new RecordingDtraceSystem(DtraceOs.MACOS);
		macos.openFailure = new DtraceNativeException("opening /dev/dtracehelper: Permission denied", 13);
		assertThat(DtraceBackend.deviceUnavailableReason(macos, DtraceOs.MACOS))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("csrutil enable --without dtrace"));
		RecordingDtraceSystem linux = new RecordingDtraceSystem(DtraceOs.LINUX);
		linux.openFailure = new DtraceNativeException("opening /dev/dtrace/helper: No such file", 2);
		assertThat(DtraceBackend.deviceUnavailableReason(linux, DtraceOs.LINUX))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("dtprobed"));
		assertThat(DtraceBackend.deviceUnavailableReason(new RecordingDtraceSystem(DtraceOs.ILLUMOS),
				DtraceOs.ILLUMOS)).isEmpty();
	}

	@Test
	void macosArm64RegistrationIsRefusedWithAReason() {
		DtraceBackend backend = new DtraceBackend(new RecordingDtraceSystem(DtraceOs.MACOS), DtraceOs.MACOS,
				DtraceArch.AARCH64, "java", Duration.ofHours(1));
		assertThatExceptionOfType(BackendException.class).isThrownBy(() -> backend.load(ORDERS))
			.withMessageContaining("MAP_JIT");
	}

	@Test
	void thisLinuxMachineWithoutDtraceReportsWhy() {
		assertThat(DtraceBackend.unavailableReason()).isPresent();
	}

	private static DtraceBackend backend(RecordingDtraceSystem system, DtraceOs os) {
		return new DtraceBackend(system, os, DtraceArch.X86_64, "java", Duration.ofHours(1));
	}

	private static void assertHelper(byte[] helper, int size) {
		assertThat(helper).hasSize(size);
		assertThat(new String(helper, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("java\0");
		assertThat(Arrays.copyOfRange(helper, 5, 64)).containsOnly(0);
		ByteBuffer buffer = ByteBuffer.wrap(helper).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(buffer.getLong(64)).as("dofhp_addr").isEqualTo(DOF_ADDRESS);
		assertThat(buffer.getLong(72)).as("dofhp_dof").isEqualTo(DOF_ADDRESS);
	}

}
