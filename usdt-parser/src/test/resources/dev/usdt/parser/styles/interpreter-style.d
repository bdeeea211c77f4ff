/* A script interpreter's probes, in the style of dynamic languages: named parameters. */

provider scriptlike {
    probe function__entry(const char *filename, const char *funcname, int lineno);
    probe function__return(const char *filename, const char *funcname, int lineno);
    probe line(const char *filename, const char *funcname, int lineno);
    probe gc__start(int generation);
    probe gc__done(long collected);
    probe instance__new__start(const char *classname, const char *filename);
    probe instance__new__done(const char *classname, const char *filename);
    probe import__find__load__start(const char *modulename);
    probe import__find__load__done(const char *modulename, int found);
    probe audit(const char *event, void *args);
    probe raise(const char *exception_class, const char *message, const char *filename, int lineno);
    probe object__create(char *classname, char *filename, int lineno, size_t bytes);
};
