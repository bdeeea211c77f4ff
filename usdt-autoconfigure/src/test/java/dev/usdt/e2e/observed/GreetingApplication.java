package dev.usdt.e2e.observed;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application with actuator and not one line about tracing: what the Observation bridge
 * must make traceable as it is.
 */
@SpringBootApplication
public class GreetingApplication {

	@RestController
	static class GreetingController {

		@GetMapping("/greetings/{name}")
		String greet(@PathVariable String name) {
			return "Hello, " + name;
		}

	}

}
