package dev.usdt.autoconfigure.inherited;

/** An interface default method the handler beans inherit. */
public interface Greeter {

	default String greet(String name) {
		return "hello " + name;
	}

}
