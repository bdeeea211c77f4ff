/*
 * A display server's probes, in the style of files that build on several systems: platform
 * conditionals, a header included for system types, floating-point input values passed by
 * pointer and once by value, and no ';' after the last '}'.
 */
#ifdef __APPLE__
#define string char *
#define zoneid_t uint32_t
#elif defined(__FreeBSD__)
#define zoneid_t id_t
#else
#include <sys/types.h>
#endif

typedef const uint8_t *const_bytes_p;
typedef const double *const_values_p;

provider screen {
	/* request type, data, length, client, buffer */
	probe request__start(string, uint8_t, uint16_t, int, void *);
	probe request__done(string, uint8_t, uint32_t, int, int);
	probe client__auth(int, string, pid_t, zoneid_t);
	/* device, type, detail, flags, count, mask, values */
	probe input__event(int, int, uint32_t, uint32_t, int8_t, const_bytes_p, const_values_p);
	probe pointer__scale(int device, double factor);
	probe lock__wait(pthread_mutex_t lock);
}

#pragma D attributes Unstable/Unstable/Common provider screen provider
#pragma D attributes Unstable/Unstable/Common provider screen args
