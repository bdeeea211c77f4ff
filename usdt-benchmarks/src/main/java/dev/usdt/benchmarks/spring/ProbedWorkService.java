package dev.usdt.benchmarks.spring;

import dev.usdt.UsdtProbe;

/** {@link WorkService} with probes {@code work__entry(customer, order)} and {@code work__return}. */
public class ProbedWorkService extends WorkService {

	@Override
	@UsdtProbe
	public int work(String customer, String order) {
		return super.work(customer, order);
	}

}
