package dev.usdt.demo;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The order service; with {@code --load} the same jar drives load against a running service
 * instead ({@link LoadGenerator}).
 */
@SpringBootApplication
@EnableScheduling
public class DemoApplication {

	public static void main(String[] args) {
		if (Arrays.asList(args).contains(LoadOptions.LOAD_FLAG)) {
			System.exit(load(args));
		}
		SpringApplication.run(DemoApplication.class, args);
	}

	private static int load(String[] args) {
		LoadOptions options;
		try {
			options = LoadOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			return 2;
		}
		return (options.threads() > 0) ? new ClosedLoopLoad(options, System.out).run()
				: new LoadGenerator(options, System.out).run();
	}

}
