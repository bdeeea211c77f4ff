/*
 * Business events of the order service, fired through the typed interface
 * dev.usdt.demo.OrderEvents (the starter checks that the interface matches this file).
 */
provider orders {
	/* a new order: its id, the customer, the total in cents */
	probe order__placed(char *id, char *customer, uint64_t cents);
	/* an order left the warehouse with a carrier */
	probe order__shipped(char *id, char *carrier);
	/* a request that did not become an order, and why */
	probe order__rejected(char *customer, char *reason);
};
