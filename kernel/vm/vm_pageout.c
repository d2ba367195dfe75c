/*
 * The thresholds of the pageout daemon (osfmk/vm/vm_pageout.c, spec §1.3). The miniature kernel
 * runs no daemon and pages nothing out; what it keeps is the moment the daemon would start,
 * when the reserve, min and target are computed from the free count at that time.
 */
#include "kern/misc_protos.h"
#include "vm/vm_page.h"

/* One processor. */
unsigned int processor_count = 1;

void vm_page_free_reserve(int pages);
void vm_pageout_startup(void);

void vm_page_free_reserve(int pages) {
  vm_page_free_reserved += pages;
  int free_after_reserve = (int)vm_page_free_count_init - (int)vm_page_free_reserved;
  vm_page_free_min = vm_page_free_reserved + VM_PAGE_FREE_MIN(free_after_reserve);
  vm_page_free_target = vm_page_free_reserved + VM_PAGE_FREE_TARGET(free_after_reserve);
  if (vm_page_free_target < vm_page_free_min + 5) vm_page_free_target = vm_page_free_min + 5;
}

/* What vm_pageout() does first when the bootstrap thread becomes the pageout daemon. */
void vm_pageout_startup(void) {
  vm_page_free_count_init = vm_page_free_count;
  if (vm_page_free_reserved < VM_PAGE_FREE_RESERVED(processor_count)) {
    vm_page_free_reserve((int)(VM_PAGE_FREE_RESERVED(processor_count) - vm_page_free_reserved));
  } else {
    vm_page_free_reserve(0);
  }
}
