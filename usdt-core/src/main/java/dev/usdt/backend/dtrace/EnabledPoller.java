package dev.usdt.backend.dtrace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongToIntFunction;

import dev.usdt.scheduling.UsdtScheduler;

/**
 * Turns DTrace's is-enabled sites into the u16 semaphores the hot path reads.
 *
 * <p>
 * Why a poller: DTrace has no counter a tracer increments in process memory (stapsdt semaphores
 * do). An is-enabled probe only answers when its site is executed: the kernel sets rax/x0 on
 * illumos, FreeBSD and macOS, and Oracle Linux writes through a pointer argument (docs/dof.md §8.4). Either way
 * something must run the site, which is a native call. Doing that on every {@code isEnabled()}
 * would cost a JNA call (hundreds of nanoseconds) and a trap while traced; instead a task on the
 * {@link UsdtScheduler} calls every registered is-enabled function each interval and stores 1 or
 * 0 into the probe's semaphore, for as long as some provider is watched. {@code isEnabled()} stays a plain memory read; the price is that a probe
 * starts (and stops) firing up to one interval after {@code dtrace} enables (or disables) it.
 */
final class EnabledPoller implements AutoCloseable {

	/** Default interval: fast enough for an interactive {@code dtrace -n}, cheap for hundreds of probes. */
	static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

	private static final VarHandle SEMAPHORE = MethodHandles.byteBufferViewVarHandle(short[].class,
			ByteOrder.nativeOrder());

	private final List<Watched> watched = new CopyOnWriteArrayList<>();

	private final LongToIntFunction enabledFunction;

	private final Duration interval;

	static final String TASK_NAME = "usdt-dtrace-is-enabled";

	private UsdtScheduler.Task task;

	/**
	 * @param enabledFunction calls an is-enabled function by address and returns its result
	 * @param interval time between two polls
	 */
	EnabledPoller(LongToIntFunction enabledFunction, Duration interval) {
		this.enabledFunction = enabledFunction;
		this.interval = interval;
	}

	/** Starts polling the is-enabled functions into the semaphores at the given byte offsets. */
	synchronized void watch(ByteBuffer semaphores, long[] enabledFunctions, int[] semaphoreOffsets) {
		this.watched.add(new Watched(semaphores, enabledFunctions.clone(), semaphoreOffsets.clone()));
		if (this.task == null) {
			this.task = UsdtScheduler.shared().schedule(TASK_NAME, this.interval, this::poll);
		}
	}

	/** Stops polling a buffer and clears its semaphores so the probes read as disabled. */
	synchronized void unwatch(ByteBuffer semaphores) {
		this.watched.removeIf((entry) -> {
			if (entry.semaphores() != semaphores) {
				return false;
			}
			for (int offset : entry.offsets()) {
				SEMAPHORE.setOpaque(semaphores, offset, (short) 0);
			}
			return true;
		});
		if (this.watched.isEmpty() && this.task != null) {
			this.task.cancel();
			this.task = null;
		}
	}

	/**
	 * One pass over every watched probe; also what the thread runs. Under the same lock as
	 * {@link #unwatch}: a pass that read a site as enabled must not write its 1 after a release
	 * cleared the semaphore, which would leave a released provider's probe enabled for good.
	 */
	synchronized void poll() {
		for (Watched entry : this.watched) {
			for (int i = 0; i < entry.functions().length; i++) {
				int enabled = this.enabledFunction.applyAsInt(entry.functions()[i]);
				SEMAPHORE.setOpaque(entry.semaphores(), entry.offsets()[i], (short) ((enabled != 0) ? 1 : 0));
			}
		}
	}

	@Override
	public synchronized void close() {
		if (this.task != null) {
			this.task.cancel();
			this.task = null;
		}
	}

	private record Watched(ByteBuffer semaphores, long[] functions, int[] offsets) {
	}

}
