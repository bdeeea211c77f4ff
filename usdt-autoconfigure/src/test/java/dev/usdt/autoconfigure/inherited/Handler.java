package dev.usdt.autoconfigure.inherited;

/**
 * The base class every handler bean inherits {@code handle} from unchanged; {@code process} is
 * overridden with the type argument, so each subclass also has a generic bridge method.
 */
public abstract class Handler<T> implements Greeter {

	public String handle(T input) {
		return "handled " + input;
	}

	public abstract String process(T input);

}
