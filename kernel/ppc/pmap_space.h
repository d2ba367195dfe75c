/* Task pmaps and the kernel/user segment switch (ppc/pmap_space.c). */
#ifndef PPC_PMAP_SPACE_H
#define PPC_PMAP_SPACE_H

#include "ppc/pmap.h"

pmap_t pmap_create(void);
void pmap_destroy(pmap_t pmap);
void pmap_activate_user(pmap_t pmap);
/* Real mode, on the exception path: all 16 segment registers for the kernel, or for the user pmap. */
void switch_to_kernel_segments(void);
void switch_to_user_segments(void);

#endif
