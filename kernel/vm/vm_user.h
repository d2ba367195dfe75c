/* The user-visible VM routines (vm/vm_user.c), as the MIG server and BSD calls use them. */
#ifndef VM_VM_USER_H
#define VM_VM_USER_H

#include "vm/vm_map.h"

/* vm_allocate / mach_vm_allocate, vm_deallocate / mach_vm_deallocate, vm_protect / mach_vm_protect
   (§3.4). The 64-bit forms take the values as the mach_vm_* messages carry them. */
kern_return_t mach_vm_allocate(vm_map_t map, uint64_t *address, uint64_t size, int flags);
kern_return_t mach_vm_deallocate(vm_map_t map, uint64_t start, uint64_t size, uint64_t limit);
kern_return_t mach_vm_protect(vm_map_t map, uint64_t start, uint64_t size, boolean_t set_maximum, vm_prot_t new_protection,
                              uint64_t limit);
kern_return_t vm_allocate(vm_map_t map, vm_offset_t *address, vm_size_t size, int flags);
kern_return_t vm_deallocate(vm_map_t map, vm_offset_t start, vm_size_t size);
kern_return_t vm_protect(vm_map_t map, vm_offset_t start, vm_size_t size, boolean_t set_maximum, vm_prot_t new_protection);

#endif
