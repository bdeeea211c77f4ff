provider greetings {
	probe greeted(char *name, int64_t characters);
};
