/* The orders provider the sample application fires through OrderEvents. */
provider orders {
	probe order__placed(char *id, uint64_t cents);
	probe order__cancelled(char *id);
};
