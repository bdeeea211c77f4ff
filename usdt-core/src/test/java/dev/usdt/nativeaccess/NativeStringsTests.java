package dev.usdt.nativeaccess;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native string buffers stay bounded however many threads fire string probes: thousands of
 * platform threads (and, on JDK 21+, virtual threads) create at most {@code poolSize()} pooled
 * buffers, and no thread ever sees another thread's text in its buffer.
 */
class NativeStringsTests {

	private static final int PUTS_PER_THREAD = 50;

	@Test
	void thousandsOfPlatformThreadsShareABoundedPool() throws Exception {
		NativeStrings strings = new NativeStrings(64);
		List<Thread> threads = new ArrayList<>();
		AtomicLong checked = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 2_000; t++) {
			int id = t;
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				putAndCheck(strings, id, checked, failure);
			}, "strings-" + t);
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join(60_000);
		}
		assertThat(failure.get()).isNull();
		assertThat(checked).hasValue(2_000L * PUTS_PER_THREAD);
		assertThat(pooledBuffers(strings)).isBetween(1, strings.poolSize());
		assertThat(strings.poolSize()).isLessThanOrEqualTo(64);
	}

	@Test
	void tensOfThousandsOfVirtualThreadsShareABoundedPool() throws Exception {
		Method factory;
		try {
			factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
		}
		catch (NoSuchMethodException ex) {
			Assumptions.abort("virtual threads need JDK 21+, this is " + Runtime.version());
			return;
		}
		NativeStrings strings = new NativeStrings(64);
		AtomicLong checked = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		ExecutorService executor = (ExecutorService) factory.invoke(null);
		for (int t = 0; t < 20_000; t++) {
			int id = t;
			executor.execute(() -> putAndCheck(strings, id, checked, failure));
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		assertThat(failure.get()).isNull();
		assertThat(checked).hasValue(20_000L * PUTS_PER_THREAD);
		assertThat(pooledBuffers(strings)).isBetween(1, strings.poolSize());
	}

	@Test
	void aThreadThatFindsEveryPooledSlotBusyGetsAPrivateBufferThatIsFreedOnRelease() {
		NativeStrings strings = new NativeStrings(16);
		List<NativeStrings.Slot> held = new ArrayList<>();
		for (int i = 0; i < strings.poolSize(); i++) {
			held.add(strings.acquire());
		}
		NativeStrings.Slot overflow = strings.acquire();
		assertThat(held).doesNotContain(overflow);
		long address = overflow.put(0, "overflow");
		assertThat(new Pointer(address).getString(0, "UTF-8")).isEqualTo("overflow");
		strings.release(overflow);
		held.forEach(strings::release);
		assertThat(pooledBuffers(strings)).isEqualTo(strings.poolSize());
		assertThat(strings.acquire()).isIn(held);
	}

	@Test
	void theSameShortStringPassedAgainIsNotCopiedAgainAndAnythingElseIs() {
		NativeStrings strings = new NativeStrings(8);
		NativeStrings.Slot slot = strings.acquire();
		String text = "GET /a";
		long address = slot.put(1, text);
		// Scribble over the copy: only a put that copies again can restore it
		new Pointer(address).setByte(0, (byte) 'X');
		assertThat(slot.put(1, text)).isEqualTo(address);
		assertThat(new Pointer(address).getString(0, "UTF-8")).isEqualTo("XET /a");
		assertThat(slot.put(1, new String("GET /a"))).isEqualTo(address);
		assertThat(new Pointer(address).getString(0, "UTF-8")).isEqualTo("GET /a");
		slot.put(1, null);
		assertThat(new Pointer(address).getString(0, "UTF-8")).isEmpty();
		slot.put(1, text);
		assertThat(new Pointer(address).getString(0, "UTF-8")).isEqualTo("GET /a");
		StringBuilder mutable = new StringBuilder("one");
		slot.put(1, mutable);
		mutable.replace(0, 3, "two");
		slot.put(1, mutable);
		assertThat(new Pointer(address).getString(0, "UTF-8")).isEqualTo("two");
		String tooLong = "0123456789";
		slot.put(1, tooLong);
		new Pointer(address).setByte(0, (byte) 'X');
		slot.put(1, tooLong);
		assertThat(new Pointer(address).getString(0, "UTF-8")).isEqualTo("01234567");
		strings.release(slot);
	}

	/** Writes this thread's texts into a slot and reads them back before releasing it. */
	private static void putAndCheck(NativeStrings strings, int id, AtomicLong checked, AtomicReference<Throwable> failure) {
		try {
			for (int n = 0; n < PUTS_PER_THREAD; n++) {
				String first = "thread-" + id + "-" + n;
				String second = "grüße-" + id;
				NativeStrings.Slot slot = strings.acquire();
				try {
					long a = slot.put(0, first);
					long b = slot.put(5, second);
					Thread.yield();
					if (!first.equals(new Pointer(a).getString(0, "UTF-8"))
							|| !second.equals(new Pointer(b).getString(0, "UTF-8"))) {
						throw new AssertionError("slot shared with another thread while " + first + " held it");
					}
				}
				finally {
					strings.release(slot);
				}
				checked.incrementAndGet();
			}
		}
		catch (Throwable ex) {
			failure.compareAndSet(null, ex);
		}
	}

	/** How many pooled buffers exist: the pool allocates them lazily, so count the filled slots. */
	private static int pooledBuffers(NativeStrings strings) {
		try {
			Field slots = NativeStrings.class.getDeclaredField("slots");
			slots.setAccessible(true);
			int count = 0;
			for (Object slot : (Object[]) slots.get(strings)) {
				count += Objects.nonNull(slot) ? 1 : 0;
			}
			return count;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
