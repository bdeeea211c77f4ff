package dev.usdt.backend.dtrace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.usdt.nativeaccess.DtraceNativeException;
import dev.usdt.nativeaccess.DtraceSystem;
import dev.usdt.nativeaccess.ProbeFunction;

/**
 * A {@link DtraceSystem} that records what the backend asks of the kernel and answers like the
 * kernel of one OS would: the generation comes back as the ioctl result (illumos, Oracle Linux), in
 * {@code dofhp_gen} (FreeBSD) or in the copied-back {@code dofhp_dof} (macOS).
 */
final class RecordingDtraceSystem implements DtraceSystem {

	static final long REGION_ADDRESS = 0x10000000L;

	static final int PID = 4242;

	static final int GENERATION = 7;

	final List<Ioctl> ioctls = new ArrayList<>();

	final List<String> opened = new ArrayList<>();

	final Map<Long, Integer> enabled = new HashMap<>();

	byte[] published;

	Boolean fileBacked;

	DtraceNativeException openFailure;

	private final DtraceOs os;

	RecordingDtraceSystem(DtraceOs os) {
		this.os = os;
	}

	@Override
	public int pid() {
		return PID;
	}

	@Override
	public CodeRegion reserve(int size, boolean fileBacked) {
		this.fileBacked = fileBacked;
		return new CodeRegion() {

			@Override
			public long address() {
				return REGION_ADDRESS;
			}

			@Override
			public void publish(byte[] content) {
				RecordingDtraceSystem.this.published = content.clone();
			}

			@Override
			public ProbeFunction probeFunction(int offset) {
				return ProbeFunction.NONE;
			}

			@Override
			public int callEnabledFunction(int offset) {
				return RecordingDtraceSystem.this.enabled.getOrDefault(REGION_ADDRESS + offset, 0);
			}

		};
	}

	@Override
	public HelperDevice open(String path) throws DtraceNativeException {
		if (this.openFailure != null) {
			throw this.openFailure;
		}
		this.opened.add(path);
		return new HelperDevice() {

			@Override
			public int ioctlPointer(long request, byte[] buffer) {
				RecordingDtraceSystem.this.ioctls.add(new Ioctl("pointer", request, buffer.clone(), 0));
				if (RecordingDtraceSystem.this.os == DtraceOs.FREEBSD && buffer.length == 88) {
					buffer[84] = GENERATION; // the kernel writes dofhp_gen
					return 0;
				}
				return GENERATION;
			}

			@Override
			public int ioctlIndirect(long request, byte[] buffer) {
				RecordingDtraceSystem.this.ioctls.add(new Ioctl("indirect", request, buffer.clone(), 0));
				// xnu overwrites dofiod_helpers[0].dofhp_dof with the generation
				java.util.Arrays.fill(buffer, 8 + 72, 8 + 80, (byte) 0);
				buffer[8 + 72] = GENERATION;
				return 0;
			}

			@Override
			public int ioctlValue(long request, long value) {
				RecordingDtraceSystem.this.ioctls.add(new Ioctl("value", request, new byte[0], value));
				return 0;
			}

			@Override
			public void close() {
			}

		};
	}

	record Ioctl(String kind, long request, byte[] argument, long value) {
	}

}
