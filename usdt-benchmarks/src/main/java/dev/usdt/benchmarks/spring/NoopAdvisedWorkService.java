package dev.usdt.benchmarks.spring;

/** {@link WorkService} proxied by an advice that does nothing but proceed. */
public class NoopAdvisedWorkService extends WorkService {

	@Override
	@NoopAdvised
	public int work(String customer, String order) {
		return super.work(customer, order);
	}

}
