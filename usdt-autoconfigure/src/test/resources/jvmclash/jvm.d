provider jvm {
	probe request(char *);
};
