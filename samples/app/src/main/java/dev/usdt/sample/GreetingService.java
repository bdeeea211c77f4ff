package dev.usdt.sample;

import org.springframework.stereotype.Service;

import dev.usdt.UsdtProbe;

@Service
public class GreetingService {

	private final GreetingEvents events;

	public GreetingService(GreetingEvents events) {
		this.events = events;
	}

	/** Fires sample:greet__entry(char *name, int32_t times) and sample:greet__return. */
	@UsdtProbe
	public String greet(String name, int times) {
		this.events.greeted(name, name.length() * (long) times);
		return ("hello " + name + " ").repeat(times).trim();
	}

}
