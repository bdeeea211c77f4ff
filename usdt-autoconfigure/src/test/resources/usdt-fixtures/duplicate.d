provider orders {
	probe place__entry(char *id);
};
