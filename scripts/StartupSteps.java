import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.core.metrics.StartupStep;

/**
 * Runs a Spring Boot application's main class under Boot's {@link BufferingApplicationStartup},
 * then writes to the file {@code steps.out} the self time (a step's duration less its children's)
 * of every start-up step the starter owns, and the sum over all steps, and exits. Used by
 * measure-startup-steps.sh, which launches it inside the application's own jar
 * (PropertiesLauncher), so that classes load from the nested jars as they do in production.
 *
 * <p>
 * A step is the starter's when a tag names one of its beans or classes: a bean name starting with
 * {@code usdt} or a class in {@code dev.usdt} outside the application's own package.
 */
public final class StartupSteps {

	private StartupSteps() {
	}

	public static void main(String[] args) throws Exception {
		String mainClass = System.getProperty("steps.main");
		String application = mainClass.substring(0, mainClass.lastIndexOf('.') + 1);
		SpringApplication app = new SpringApplication(Class.forName(mainClass));
		BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
		app.setApplicationStartup(startup);
		long started = System.nanoTime();
		app.run(args);
		long run = System.nanoTime() - started;
		Map<Long, Long> childNanos = new HashMap<>();
		var events = startup.getBufferedTimeline().getEvents();
		for (TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				childNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
			}
		}
		long allSteps = 0;
		Map<String, Long> starter = new LinkedHashMap<>();
		for (TimelineEvent event : events) {
			StartupStep step = event.getStartupStep();
			long self = event.getDuration().toNanos() - childNanos.getOrDefault(step.getId(), 0L);
			allSteps += self;
			String owner = starterTag(step, application);
			if (owner != null) {
				starter.merge(step.getName() + " " + owner, self, Long::sum);
			}
		}
		try (PrintStream out = new PrintStream(System.getProperty("steps.out"), StandardCharsets.UTF_8)) {
			print(out, run, allSteps, starter);
		}
		System.exit(0);
	}

	private static String starterTag(StartupStep step, String application) {
		for (StartupStep.Tag tag : step.getTags()) {
			String value = tag.getValue();
			boolean ours = value.startsWith("usdt") || (value.startsWith("dev.usdt.") && !value.startsWith(application));
			if (ours && !value.contains(" ")) {
				// a post-processor's tag is its toString(): Type@hash
				int at = value.indexOf('@');
				return (at < 0) ? value : value.substring(0, at);
			}
		}
		return null;
	}

	private static void print(PrintStream out, long run, long allSteps, Map<String, Long> starter) {
		long total = starter.values().stream().mapToLong(Long::longValue).sum();
		out.printf(Locale.ROOT, "run-ms %.3f%n", run / 1e6);
		out.printf(Locale.ROOT, "all-steps-ms %.3f%n", allSteps / 1e6);
		out.printf(Locale.ROOT, "starter-steps-ms %.3f%n", total / 1e6);
		starter.forEach((name, nanos) -> out.printf(Locale.ROOT, "step-ms %.3f %s%n", nanos / 1e6, name));
	}

}
