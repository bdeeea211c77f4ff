/* What real provider files contain: an #include, a function-pointer typedef, a double, no final ;. */
#include <sys/types.h>
typedef void (*draw_callback_t)(void *);

provider gfx {
	probe frame__start(uint8_t layer);
	probe draw(draw_callback_t callback, void *context);
	probe scale(double factor);
}
