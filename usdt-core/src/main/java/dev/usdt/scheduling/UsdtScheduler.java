package dev.usdt.scheduling;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one daemon thread, {@value #THREAD_NAME}, that runs all of the runtime's periodic work:
 * the semaphore watcher behind the fast guard, the JVM provider's feeds, DTrace's is-enabled
 * polling, and anything else a component schedules by name. Not public API.
 *
 * <p>
 * Components schedule a task only while it can observe a change and cancel it when nothing can
 * change any more, so an idle process wakes for nothing: with no task the thread ends after
 * {@link #IDLE_THREAD_TIMEOUT} and is created again by the next {@link #schedule}. A task that
 * throws is logged and keeps its schedule.
 */
public final class UsdtScheduler {

	/** The name of the scheduler's thread. */
	public static final String THREAD_NAME = "usdt-scheduler";

	/** How long the thread outlives its last task. */
	static final Duration IDLE_THREAD_TIMEOUT = Duration.ofSeconds(5);

	private static final System.Logger logger = System.getLogger(UsdtScheduler.class.getName());

	private static final UsdtScheduler SHARED = new UsdtScheduler(IDLE_THREAD_TIMEOUT);

	private final ScheduledThreadPoolExecutor executor;

	private final List<Task> tasks = new ArrayList<>();

	UsdtScheduler(Duration idleThreadTimeout) {
		this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setKeepAliveTime(idleThreadTimeout.toNanos(), TimeUnit.NANOSECONDS);
		this.executor.allowCoreThreadTimeOut(true);
	}

	/** The scheduler of this JVM. */
	public static UsdtScheduler shared() {
		return SHARED;
	}

	/**
	 * Runs {@code action} every {@code interval} (measured from the end of one run to the start of
	 * the next), the first time right away, until the returned task is cancelled.
	 * @param name what the task does, shown by {@link #taskNames()}
	 */
	public synchronized Task schedule(String name, Duration interval, Runnable action) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("The interval of " + name + " must be positive, was " + interval);
		}
		Task task = new Task(name, interval, action);
		task.future = this.executor.scheduleWithFixedDelay(task::runOnce, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
		this.tasks.add(task);
		return task;
	}

	/** The names of the scheduled tasks, in the order they were scheduled. */
	public synchronized List<String> taskNames() {
		return this.tasks.stream().map(Task::name).toList();
	}

	private synchronized void remove(Task task) {
		this.tasks.remove(task);
	}

	/** One scheduled task. */
	public final class Task {

		private final String name;

		private final Duration interval;

		private final Runnable action;

		/** Held while the action runs, so {@link #cancelAndWait()} can wait for a run in progress. */
		private final ReentrantLock running = new ReentrantLock();

		private volatile boolean cancelled;

		private ScheduledFuture<?> future;

		private Task(String name, Duration interval, Runnable action) {
			this.name = name;
			this.interval = interval;
			this.action = action;
		}

		public String name() {
			return this.name;
		}

		public Duration interval() {
			return this.interval;
		}

		public boolean isCancelled() {
			return this.cancelled;
		}

		/** Stops future runs; a run in progress finishes on its own. Callable from the action itself. */
		public void cancel() {
			this.cancelled = true;
			synchronized (UsdtScheduler.this) {
				this.future.cancel(false);
			}
			remove(this);
		}

		/**
		 * Stops future runs and waits for a run in progress, so the action has certainly finished
		 * on return. The caller must not hold a lock the action takes.
		 */
		public void cancelAndWait() {
			cancel();
			this.running.lock();
			this.running.unlock();
		}

		private void runOnce() {
			this.running.lock();
			try {
				if (!this.cancelled) {
					this.action.run();
				}
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "USDT periodic task '" + this.name + "' failed; it runs again in "
						+ this.interval.toMillis() + " ms", ex);
			}
			finally {
				this.running.unlock();
			}
		}

		@Override
		public String toString() {
			return this.name + " every " + this.interval.toMillis() + " ms";
		}

	}

}
