package dev.usdt.scheduling;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared scheduler runs named tasks on one daemon thread that exists only while a task does,
 * keeps a failing task on its schedule, and can cancel a task so that its action has certainly
 * finished.
 */
class UsdtSchedulerTests {

	private static final Duration INTERVAL = Duration.ofMillis(5);

	@Test
	void tasksRunRepeatedlyOnOneNamedDaemonThreadUntilCancelled() throws Exception {
		UsdtScheduler scheduler = new UsdtScheduler(Duration.ofSeconds(5));
		AtomicInteger first = new AtomicInteger();
		AtomicInteger second = new AtomicInteger();
		CountDownLatch ran = new CountDownLatch(6);
		Thread[] threads = new Thread[2];
		UsdtScheduler.Task a = scheduler.schedule("a", INTERVAL, () -> {
			first.incrementAndGet();
			threads[0] = Thread.currentThread();
			ran.countDown();
		});
		UsdtScheduler.Task b = scheduler.schedule("b", INTERVAL, () -> {
			second.incrementAndGet();
			threads[1] = Thread.currentThread();
			ran.countDown();
		});
		assertThat(scheduler.taskNames()).containsExactly("a", "b");
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		a.cancelAndWait();
		b.cancelAndWait();
		assertThat(scheduler.taskNames()).isEmpty();
		int runs = first.get() + second.get();
		Thread.sleep(10 * INTERVAL.toMillis());
		assertThat(first.get() + second.get()).isEqualTo(runs);
		assertThat(threads[0]).isSameAs(threads[1]);
		assertThat(threads[0].getName()).isEqualTo(UsdtScheduler.THREAD_NAME);
		assertThat(threads[0].isDaemon()).isTrue();
	}

	@Test
	void aTaskThatThrowsRunsAgain() throws Exception {
		UsdtScheduler scheduler = new UsdtScheduler(Duration.ofSeconds(5));
		CountDownLatch ran = new CountDownLatch(3);
		UsdtScheduler.Task task = scheduler.schedule("failing", INTERVAL, () -> {
			ran.countDown();
			throw new IllegalStateException("expected by the test");
		});
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		task.cancel();
	}

	@Test
	void cancelAndWaitReturnsOnlyAfterARunInProgressHasFinished() throws Exception {
		UsdtScheduler scheduler = new UsdtScheduler(Duration.ofSeconds(5));
		CountDownLatch started = new CountDownLatch(1);
		AtomicInteger finished = new AtomicInteger();
		UsdtScheduler.Task task = scheduler.schedule("slow", Duration.ofSeconds(60), () -> {
			started.countDown();
			sleep(300);
			finished.incrementAndGet();
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		task.cancelAndWait();
		assertThat(finished.get()).isEqualTo(1);
		assertThat(task.isCancelled()).isTrue();
	}

	@Test
	void aTaskCanCancelItselfAndTheIdleThreadEnds() throws Exception {
		UsdtScheduler scheduler = new UsdtScheduler(Duration.ofMillis(50));
		AtomicInteger runs = new AtomicInteger();
		Thread[] thread = new Thread[1];
		UsdtScheduler.Task[] self = new UsdtScheduler.Task[1];
		CountDownLatch done = new CountDownLatch(1);
		synchronized (self) {
			self[0] = scheduler.schedule("once", INTERVAL, () -> {
				synchronized (self) {
					thread[0] = Thread.currentThread();
					runs.incrementAndGet();
					self[0].cancelAndWait();
					done.countDown();
				}
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		thread[0].join(TimeUnit.SECONDS.toMillis(10));
		assertThat(thread[0].isAlive()).isFalse();
		assertThat(runs.get()).isEqualTo(1);
		assertThat(scheduler.taskNames()).isEmpty();
	}

	@Test
	void anIntervalMustBePositive() {
		UsdtScheduler scheduler = new UsdtScheduler(Duration.ofSeconds(5));
		assertThatIllegalArgumentException().isThrownBy(() -> scheduler.schedule("never", Duration.ZERO, () -> {
		})).withMessageContaining("never");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
