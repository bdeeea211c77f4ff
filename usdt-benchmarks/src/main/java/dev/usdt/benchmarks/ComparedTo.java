package dev.usdt.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the baselines (benchmark methods of the same class, measured in the same run) a
 * benchmark is judged against, so the suite's table prints the ratio next to each number instead
 * of leaving the reader to pair rows up.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ComparedTo {

	/** Method names of the baselines, most important first. */
	String[] value();

}
