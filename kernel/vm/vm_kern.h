/* Kernel memory allocation (osfmk/vm/vm_kern.h, spec §2). */
#ifndef VM_VM_KERN_H
#define VM_VM_KERN_H

#include "mach/kern_return.h"
#include "mach/vm_types.h"
#include "vm/vm_map.h"

/* kernel_memory_allocate flags (§2.1). */
#define KMA_HERE 0x01       /* *addrp is the base address to use */
#define KMA_NOPAGEWAIT 0x02 /* fail with KERN_RESOURCE_SHORTAGE instead of waiting for a page */
#define KMA_KOBJECT 0x04    /* back the range with kernel_object */
#define KMA_LOMEM 0x08      /* pages below 4 GB: accepted, meaningless on 32-bit PowerPC */

kern_return_t kernel_memory_allocate(vm_map_t map, vm_offset_t *addrp, vm_size_t size, vm_offset_t mask, int flags);
kern_return_t kmem_alloc(vm_map_t map, vm_offset_t *addrp, vm_size_t size);
kern_return_t kmem_alloc_wired(vm_map_t map, vm_offset_t *addrp, vm_size_t size);
kern_return_t kmem_alloc_aligned(vm_map_t map, vm_offset_t *addrp, vm_size_t size);
kern_return_t kmem_alloc_pageable(vm_map_t map, vm_offset_t *addrp, vm_size_t size);
void kmem_free(vm_map_t map, vm_offset_t addr, vm_size_t size);
void kmem_init(vm_offset_t start, vm_offset_t end);

#endif
