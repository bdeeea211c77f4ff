package dev.usdt.e2e.draining;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application with one slow request, run in its own JVM by
 * {@code GracefulShutdownLibrariesTests} to see what happens to the probe libraries while the web
 * server drains that request at shutdown.
 */
@SpringBootApplication
public class DrainingApplication {

	public static void main(String[] args) {
		SpringApplication.run(DrainingApplication.class, args);
	}

	@RestController
	static class SlowController {

		@GetMapping("/slow")
		String slow(@RequestParam long millis) throws InterruptedException {
			Thread.sleep(millis);
			return "done";
		}

	}

}
