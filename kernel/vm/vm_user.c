/*
 * vm_allocate, vm_deallocate, vm_protect and their mach_vm_* twins (osfmk/vm/vm_user.c, spec §3.4):
 * the routines the MIG server calls for subsystems 3800 and 4800. The 32-bit forms take 32-bit
 * values, so a range wraps at 2^32; the mach_vm_* forms take 64-bit values in a 32-bit map, where
 * anything past 2^32 simply lies beyond the map's end.
 */
#include "vm/vm_user.h"

#include "mach/vm_param.h"

#define LIMIT_32 0x100000000ull

kern_return_t mach_vm_allocate(vm_map_t map, uint64_t *address, uint64_t size, int flags) {
  if (map == VM_MAP_NULL) return KERN_INVALID_ARGUMENT;
  if (size == 0) {
    *address = 0;
    return KERN_SUCCESS;
  }
  boolean_t anywhere = (flags & VM_FLAGS_ANYWHERE) != 0;
  uint64_t map_size = (size + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
  if (map_size == 0) return KERN_INVALID_ARGUMENT; /* rounding overflowed */
  vm_map_offset_t map_addr;
  if (anywhere) {
    /* The search starts at the map's minimum, one page up when that is 0: 0x1000 for a task. */
    map_addr = vm_map_min(map);
    if (map_addr == 0) map_addr += PAGE_SIZE;
  } else {
    uint64_t start = *address & ~(uint64_t)PAGE_MASK;
    if (start >= LIMIT_32 || start + map_size > vm_map_max(map)) return KERN_INVALID_ADDRESS;
    map_addr = (vm_map_offset_t)start;
  }
  if (map_size >= LIMIT_32) return anywhere ? KERN_NO_SPACE : KERN_INVALID_ADDRESS;
  kern_return_t kr = vm_map_enter(map, &map_addr, (vm_map_size_t)map_size, 0, flags, VM_OBJECT_NULL, 0, FALSE,
                                  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT);
  if (kr == KERN_SUCCESS) *address = map_addr;
  return kr;
}

kern_return_t mach_vm_deallocate(vm_map_t map, uint64_t start, uint64_t size, uint64_t limit) {
  if (map == VM_MAP_NULL) return KERN_INVALID_ARGUMENT;
  if (limit != 0 && (start + size < start || start + size >= limit)) return KERN_INVALID_ARGUMENT;
  if (limit == 0 && start + size < start) return KERN_INVALID_ARGUMENT;
  if (size == 0) return KERN_SUCCESS;
  uint64_t first = start & ~(uint64_t)PAGE_MASK;
  uint64_t last = (start + size + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
  if (first >= vm_map_max(map)) return KERN_SUCCESS;
  if (last > vm_map_max(map)) last = vm_map_max(map);
  return vm_map_remove(map, (vm_map_offset_t)first, (vm_map_offset_t)last, VM_MAP_NO_FLAGS);
}

kern_return_t mach_vm_protect(vm_map_t map, uint64_t start, uint64_t size, boolean_t set_maximum, vm_prot_t new_protection,
                              uint64_t limit) {
  if (map == VM_MAP_NULL || (new_protection & ~VM_PROT_ALL) != 0) return KERN_INVALID_ARGUMENT;
  if (limit != 0 && (start + size < start || start + size >= limit)) return KERN_INVALID_ARGUMENT;
  if (limit == 0 && start + size < start) return KERN_INVALID_ARGUMENT;
  uint64_t first = start & ~(uint64_t)PAGE_MASK;
  uint64_t last = (start + size + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
  if (first >= vm_map_max(map)) return KERN_INVALID_ADDRESS;
  /* The whole range must be mapped (spec §3.4): a range past the map's end is not. */
  if (last > vm_map_max(map)) return KERN_INVALID_ADDRESS;
  return vm_map_protect(map, (vm_map_offset_t)first, (vm_map_offset_t)last, new_protection, set_maximum);
}

kern_return_t vm_allocate(vm_map_t map, vm_offset_t *address, vm_size_t size, int flags) {
  uint64_t wide = *address;
  /* 32-bit sizes round within 32 bits: a size in the last page wraps to 0 (KERN_INVALID_ARGUMENT). */
  if (size != 0 && round_page(size) == 0) return KERN_INVALID_ARGUMENT;
  kern_return_t kr = mach_vm_allocate(map, &wide, size, flags);
  if (kr == KERN_SUCCESS) *address = (vm_offset_t)wide;
  return kr;
}

kern_return_t vm_deallocate(vm_map_t map, vm_offset_t start, vm_size_t size) {
  return mach_vm_deallocate(map, start, size, LIMIT_32);
}

kern_return_t vm_protect(vm_map_t map, vm_offset_t start, vm_size_t size, boolean_t set_maximum, vm_prot_t new_protection) {
  return mach_vm_protect(map, start, size, set_maximum, new_protection, LIMIT_32);
}
