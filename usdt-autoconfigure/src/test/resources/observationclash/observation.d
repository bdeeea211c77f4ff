/* An application provider that takes the Observation bridge's default name. */
provider observation {
	probe request(char *path);
};
