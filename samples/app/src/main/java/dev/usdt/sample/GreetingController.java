package dev.usdt.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GreetingController {

	private final GreetingService greetings;

	public GreetingController(GreetingService greetings) {
		this.greetings = greetings;
	}

	@GetMapping("/greet")
	public String greet(@RequestParam String name, @RequestParam(defaultValue = "1") int times) {
		return this.greetings.greet(name, times);
	}

}
