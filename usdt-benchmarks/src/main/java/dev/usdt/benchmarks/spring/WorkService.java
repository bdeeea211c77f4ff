package dev.usdt.benchmarks.spring;

/**
 * The method the advice benchmarks call: cheap enough that any advice overhead shows, and with a
 * result the JIT cannot drop.
 */
public class WorkService {

	public int work(String customer, String order) {
		return customer.length() + order.length();
	}

}
