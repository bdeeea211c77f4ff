package dev.usdt.benchmarks.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method for an advice that only proceeds: the price of a Spring AOP proxy alone, so the
 * {@code @UsdtProbe} numbers can be split into "being proxied" and "what the probe advice does".
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface NoopAdvised {

}
