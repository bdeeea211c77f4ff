package dev.usdt.demo;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A request that cannot become an order, or an order that cannot change as asked.
 */
@ResponseStatus(HttpStatus.BAD_REQUEST)
public class InvalidOrderException extends RuntimeException {

	public InvalidOrderException(String reason) {
		super(reason);
	}

}
