package dev.usdt.demo;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * No order has the requested id. Its class name is the {@code error} argument of the
 * {@code __return} probe of the method that threw it.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class OrderNotFoundException extends RuntimeException {

	public OrderNotFoundException(String id) {
		super("No order " + id);
	}

}
