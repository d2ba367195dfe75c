/*
 * Page faults (osfmk/vm/vm_fault.c, spec §3.6), for anonymous memory: look the address up,
 * check the protection, give an entry without an object a fresh anonymous object, find the page
 * in the object or allocate and zero it (pmap_zero_page), and enter it in the pmap. The PTE
 * itself appears when the faulting instruction is redriven (§5.6).
 *
 * Not yet here (issue 6): shadow chains and copy-on-write, submaps, the throttled slow path.
 */
#include "vm/vm_fault.h"

#include "kern/misc_protos.h"
#include "ppc/pmap.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

struct vm_fault_counters vm_fault_counters;

kern_return_t vm_fault(vm_map_t map, vm_offset_t vaddr, vm_prot_t fault_type, boolean_t change_wiring) {
  vm_fault_counters.faults++;
  vaddr = trunc_page(vaddr);
  for (;;) {
    vm_map_entry_t entry;
    if (!vm_map_lookup_entry(map, vaddr, &entry)) return KERN_INVALID_ADDRESS;
    if (entry->is_sub_map) return KERN_INVALID_ADDRESS;
    vm_prot_t prot = entry->protection;
    if ((fault_type & prot) != fault_type) return KERN_PROTECTION_FAILURE;
    boolean_t wired = entry->wired_count != 0;

    vm_object_t object = entry->object.vm_object;
    if (object == VM_OBJECT_NULL) {
      object = vm_object_allocate((vm_object_size_t)(entry->vme_end - entry->vme_start));
      entry->object.vm_object = object;
      entry->offset = 0;
    }
    vm_object_offset_t offset = entry->offset + (vaddr - entry->vme_start);

    vm_page_t page = vm_page_lookup(object, offset);
    if (page == VM_PAGE_NULL) {
      page = vm_page_alloc(object, offset);
      if (page == VM_PAGE_NULL) {
        /* Below the reserve: wait for a page and look the address up again. */
        VM_PAGE_WAIT();
        continue;
      }
      page->no_isync = FALSE;
      if (!map->no_zero_fill) pmap_zero_page(page->phys_page);
      vm_fault_counters.zero_fills++;
      page->busy = FALSE;
      if (!wired && !change_wiring) vm_page_deactivate(page);
    }
    if (change_wiring) vm_page_wire(page);
    pmap_enter(map->pmap, vaddr, page->phys_page, prot, VM_WIMG_USE_DEFAULT, wired || change_wiring);
    return KERN_SUCCESS;
  }
}
