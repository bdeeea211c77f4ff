/*
 * A task-queue library's probes, in the style of system libraries: opaque handles declared as
 * pointers to structs, callbacks as function-pointer typedefs, attributes for DTrace.
 */

typedef struct task_queue_s *task_queue_t;
typedef struct task_item_s *task_item_t;
typedef void (*task_callback_t)(void *);
typedef struct task_timer_s {
	int64_t due, period, slack;
} *task_timer_t;

provider tasks {
	/* queue operations */
	probe enqueue(task_queue_t queue, const char *label, task_item_t item,
	    task_callback_t work, void *context);
	probe dequeue(task_queue_t queue, const char *label, task_item_t item,
	    task_callback_t work, void *context);

	/* callouts: 'start' and 'stop' are ordinary probe names */
	probe start(task_queue_t queue, task_callback_t work);
	probe stop(task_queue_t queue, task_callback_t work);

	probe timer__arm(task_timer_t timer, void (*on_fire)(void *), int (*filter)(task_item_t, int));
};

#pragma D attributes Evolving/Evolving/Common provider tasks provider
#pragma D attributes Private/Private/Common provider tasks module
#pragma D attributes Private/Private/Common provider tasks function
#pragma D attributes Evolving/Evolving/Common provider tasks name
#pragma D attributes Evolving/Evolving/Common provider tasks args
