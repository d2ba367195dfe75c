/* Page faults (osfmk/vm/vm_fault.h). */
#ifndef VM_VM_FAULT_H
#define VM_VM_FAULT_H

#include "mach/kern_return.h"
#include "mach/vm_types.h"

struct vm_map;

/*
 * Resolves a fault at `vaddr` in `map` for an access of `fault_type`: finds the entry, checks
 * its protection, finds or zero-fills the page and enters it in the map's pmap. With
 * change_wiring the page is also wired (vm_map_wire's path).
 */
kern_return_t vm_fault(struct vm_map *map, vm_offset_t vaddr, vm_prot_t fault_type, boolean_t change_wiring);

/* Counters (for tests and the issue-6 fault counter). */
struct vm_fault_counters {
  unsigned int faults;     /* vm_fault calls */
  unsigned int zero_fills; /* pages allocated and zeroed */
};
extern struct vm_fault_counters vm_fault_counters;

#endif
