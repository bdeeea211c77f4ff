provider broken {
	probe ok(int);
	probe missing_paren(char *;
};
