package dev.usdt.demo;

/**
 * Where an order is in its life.
 */
public enum OrderStatus {

	PLACED, SHIPPED

}
