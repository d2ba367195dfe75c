/* copyin / copyout through the user-memory window at 0xE0000000 (ppc/copyio.c). */
#ifndef PPC_COPYIO_H
#define PPC_COPYIO_H

#include <stddef.h>
#include "mach/vm_types.h"

struct savearea;

/* 0, or EFAULT (14) when part of the user range cannot be read or written. */
int copyin(uint32_t user_address, void *kernel_address, size_t length);
int copyout(const void *kernel_address, uint32_t user_address, size_t length);
/* A kernel fault in the window (from trap): vm_fault in the task's map, or the recovery address. */
void user_window_fault(struct savearea *ssp, vm_offset_t address, vm_prot_t type);

#endif
