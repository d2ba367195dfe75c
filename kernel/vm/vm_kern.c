/*
 * Kernel memory allocation (osfmk/vm/vm_kern.c, xnu-792; spec §2.2-2.4).
 *
 * One deliberate divergence from xnu-792: KMA_HERE is honoured as Singh's book describes it
 * (*addrp is the base address to use, and the call fails with KERN_NO_SPACE when that range is
 * not free). xnu-792's code ignored the flag and always searched with vm_map_find_space; its
 * only in-tree user allocated into an empty submap of exactly the requested size, where both
 * readings give the same address. See docs/kernel.md.
 */
#include "vm/vm_kern.h"

#include "kern/misc_protos.h"
#include "mach/vm_param.h"
#include "ppc/pmap.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

kern_return_t kernel_memory_allocate(vm_map_t map, vm_offset_t *addrp, vm_size_t size, vm_offset_t mask, int flags) {
  if (size == 0) {
    *addrp = 0;
    return KERN_INVALID_ARGUMENT;
  }
  if ((flags & KMA_LOMEM) != 0 && (flags & KMA_NOPAGEWAIT) == 0) {
    *addrp = 0;
    return KERN_INVALID_ARGUMENT;
  }
  size = round_page(size);

  /* The object is chosen before the map is locked (§2.2 step 3). */
  vm_object_t object;
  if ((flags & KMA_KOBJECT) != 0) {
    object = kernel_object;
    vm_object_reference(object);
  } else {
    object = vm_object_allocate(size);
  }

  vm_map_entry_t entry;
  vm_offset_t addr;
  kern_return_t kr;
  if ((flags & KMA_HERE) != 0) {
    addr = *addrp;
    kr = vm_map_find_space_fixed(map, addr, size, mask, 0, &entry);
  } else {
    kr = vm_map_find_space(map, &addr, size, mask, 0, &entry);
  }
  if (kr != KERN_SUCCESS) {
    vm_object_deallocate(object);
    return kr;
  }

  vm_object_offset_t offset = object == kernel_object ? (vm_object_offset_t)(addr - VM_MIN_KERNEL_ADDRESS) : 0;
  entry->object.vm_object = object;
  entry->offset = offset;
  /* An extra reference, in case the entry is coalesced or deallocated blindly meanwhile. */
  vm_object_reference(object);
  vm_map_unlock(map);

  vm_object_lock(object);
  for (vm_offset_t i = 0; i < size; i += PAGE_SIZE) {
    vm_page_t mem;
    for (;;) {
      mem = (flags & KMA_LOMEM) != 0 ? vm_page_alloclo(object, offset + i) : vm_page_alloc(object, offset + i);
      if (mem != VM_PAGE_NULL) break;
      if ((flags & KMA_NOPAGEWAIT) != 0) {
        /* Undo everything: the pages taken so far, the map entry, the references. */
        if (object == kernel_object) vm_object_page_remove(object, offset, offset + i);
        vm_object_unlock(object);
        vm_map_remove(map, addr, addr + size, 0);
        vm_object_deallocate(object);
        return KERN_RESOURCE_SHORTAGE;
      }
      vm_object_unlock(object);
      VM_PAGE_WAIT();
      vm_object_lock(object);
    }
    mem->busy = FALSE; /* not zeroed: the caller gets whatever the page held */
  }
  vm_object_unlock(object);

  kr = vm_map_wire(map, addr, addr + size, VM_PROT_DEFAULT, FALSE);
  if (kr != KERN_SUCCESS) {
    if (object == kernel_object) vm_object_page_remove(object, offset, offset + size);
    vm_map_remove(map, addr, addr + size, 0);
    vm_object_deallocate(object);
    return kr;
  }

  vm_object_deallocate(object);
  if (object == kernel_object) vm_map_simplify(map, addr);
  *addrp = addr;
  return KERN_SUCCESS;
}

kern_return_t kmem_alloc(vm_map_t map, vm_offset_t *addrp, vm_size_t size) {
  return kernel_memory_allocate(map, addrp, size, 0, 0);
}

kern_return_t kmem_alloc_wired(vm_map_t map, vm_offset_t *addrp, vm_size_t size) {
  return kernel_memory_allocate(map, addrp, size, 0, KMA_KOBJECT);
}

kern_return_t kmem_alloc_aligned(vm_map_t map, vm_offset_t *addrp, vm_size_t size) {
  if ((size & (size - 1)) != 0) panic("kmem_alloc_aligned: size 0x%x is not a power of two", size);
  return kernel_memory_allocate(map, addrp, size, size - 1, KMA_KOBJECT);
}

/* No pages, no wiring: they arrive by zero-fill faults. The search starts a page above the map's minimum. */
kern_return_t kmem_alloc_pageable(vm_map_t map, vm_offset_t *addrp, vm_size_t size) {
  vm_map_offset_t map_addr = vm_map_min(map) + PAGE_SIZE;
  kern_return_t kr = vm_map_enter(map, &map_addr, round_page(size), 0, VM_FLAGS_ANYWHERE, VM_OBJECT_NULL, 0, FALSE,
                                  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT);
  if (kr != KERN_SUCCESS) return kr;
  *addrp = map_addr;
  return KERN_SUCCESS;
}

void kmem_free(vm_map_t map, vm_offset_t addr, vm_size_t size) {
  kern_return_t kr = vm_map_remove(map, trunc_page(addr), round_page(addr + size), VM_MAP_REMOVE_KUNWIRE);
  if (kr != KERN_SUCCESS) panic("kmem_free: vm_map_remove failed (%d)", kr);
}

/*
 * kernel_map over [VM_MIN_KERNEL_ADDRESS, trunc_page(VM_MAX_KERNEL_ADDRESS)), with everything
 * used before the VM was up, [VM_MIN_KERNEL_ADDRESS, start), reserved by one entry with
 * protection none (§2.4).
 */
void kmem_init(vm_offset_t start, vm_offset_t end) {
  (void)end;
  kernel_map = vm_map_create(pmap_kernel(), VM_MIN_KERNEL_ADDRESS, trunc_page(VM_MAX_KERNEL_ADDRESS), FALSE);
  if (start != VM_MIN_KERNEL_ADDRESS) {
    vm_map_offset_t map_start = VM_MIN_KERNEL_ADDRESS;
    kern_return_t kr = vm_map_enter(kernel_map, &map_start, start - VM_MIN_KERNEL_ADDRESS, 0, VM_FLAGS_FIXED,
                                    VM_OBJECT_NULL, 0, FALSE, VM_PROT_NONE, VM_PROT_NONE, VM_INHERIT_DEFAULT);
    if (kr != KERN_SUCCESS) panic("kmem_init: cannot reserve the boot area (%d)", kr);
  }
}
