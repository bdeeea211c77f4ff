/* An example provider for the usdt command-line tool. */
#pragma D attributes Evolving/Evolving/Common provider orders provider

provider orders {
	probe order__placed(char *id, uint64_t cents);
	probe order__shipped(char *id);
	probe queue__depth(int32_t depth);
};
