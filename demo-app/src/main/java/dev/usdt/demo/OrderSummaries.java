package dev.usdt.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes the JSON summary of an order that the {@code audit:order__changed} probe carries, e.g.
 * <code>{"id":"A-1001","status":"PLACED","customer":"ada","item":"book","quantity":2,"cents":2598}</code>.
 */
@Component
public class OrderSummaries {

	private final JsonMapper jsonMapper;

	public OrderSummaries(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	String summarize(Order order) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("id", order.id());
		summary.put("status", order.status());
		summary.put("customer", order.customer());
		summary.put("item", order.item());
		summary.put("quantity", order.quantity());
		summary.put("cents", order.cents());
		if (order.carrier() != null) {
			summary.put("carrier", order.carrier());
		}
		return this.jsonMapper.writeValueAsString(summary);
	}

}
