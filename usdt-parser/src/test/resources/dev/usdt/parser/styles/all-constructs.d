/*
 * Every construct the parser accepts, once.
 */
#include <sys/types.h>
#if defined(HAVE_FEATURE) && HAVE_FEATURE > 1
#ifdef SOMETHING
#endif
#endif
#pragma D depends_on library net.d
#pragma D depends_on provider ip
#pragma ident "%Z%%M% %I% %E% SMI"
#pragma D option quiet
#define STRPTR const char *
#define  counter_t \
	unsigned long long
#define HAVE_FEATURE 2
#define MACRO(x) ((x) + 1)
typedef unsigned short port_t;
typedef struct conn_info {
	int fd;
	char name[32];
	struct { int a; } inner_is_skipped;
	unsigned int flags : 3;
} conn_info_t;
typedef struct conn_info *conn_ref;
typedef conn_info_t *conn_ptr;
struct request {
	long id;
};
typedef char *cstring;

// A line comment.
provider everything { /* a comment */
	probe empty();
	probe void__list(void);
	probe widths(int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t);
	probe unsigned__widths(uint32_t, uint64_t);
	probe words(char, short, int, long, long long, signed char);
	probe unsigned__words(unsigned char, unsigned short, unsigned int, unsigned long, unsigned long long, unsigned);
	probe spelled(long int, long long int, short int, signed, signed long, unsigned short int);
	probe booleans(bool, _Bool);
	probe sizes(size_t, ssize_t, intptr_t, uintptr_t);
	probe strings(char *, const char *, string, char const *, const char * const);
	probe pointers(void *, uint8_t **, struct request *, int *, const void *);
	probe named(char *path, int fd, unsigned long long count, struct request *req);
	probe aliases(STRPTR, counter_t, port_t, conn_info_t *, conn_ref, conn_ptr);
	probe cstrings(cstring, cstring *);
#ifdef EXTRA
	probe conditional(int);
#endif
	probe translated(int fd, char *buf) : (int, string);
	probe translated__empty() : ();
	probe spacing (  char*p ,uint8_t*q,int*  *r  ) ;
};

provider second {
	probe only(uint64_t);
};
#pragma D attributes Evolving/Evolving/Common provider everything provider
#pragma D attributes Private/Private/Unknown provider everything args
