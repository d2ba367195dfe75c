/*
 * After the suite: state left in memory for the host-side tests (test/kernel/), which read the
 * hash table through the MMU inspection API and the free list straight from RAM, and compare
 * them with these lines. The pages stay allocated and mapped when the machine halts.
 */
#include "tests/kern_tests.h"

#include "ppc/proc_reg.h"
#include "vm/vm_kern.h"
#include "vm/vm_page.h"
#include "ppc/pmap.h"

#define REPORT_PAGES 4

void kt_report_for_host(void);

void kt_report_for_host(void) {
  vm_offset_t addr;
  if (kernel_memory_allocate(kernel_map, &addr, REPORT_PAGES * PAGE_SIZE, 0, KMA_KOBJECT) != KERN_SUCCESS) {
    printf("# host-check failed: no memory\n");
    return;
  }
  /* Page 0 loaded, page 1 stored, page 2 loaded then stored, page 3 never touched. */
  (void)kt_load(addr);
  kt_store(addr + PAGE_SIZE, 1);
  (void)kt_load(addr + 2 * PAGE_SIZE);
  kt_store(addr + 2 * PAGE_SIZE, 2);
  uint32_t pte[REPORT_PAGES], word1[REPORT_PAGES];
  ppnum_t pn[REPORT_PAGES];
  for (int i = 0; i < REPORT_PAGES; i++) {
    pte[i] = kt_pte_for(addr + i * PAGE_SIZE);
    word1[i] = pte[i] != 0 ? phys_read32(pte[i] + 4) : 0;
    pn[i] = pmap_find_phys(kernel_pmap, addr + i * PAGE_SIZE);
  }
  unsigned int free_count = vm_page_free_count;
  ppnum_t head = vm_page_queue_free != NULL ? vm_page_queue_free->phys_page : 0;
  for (int i = 0; i < REPORT_PAGES; i++) {
    printf("# host-check mapping va 0x%08x pa 0x%08x pte 0x%08x r %u c %u\n", addr + i * PAGE_SIZE, ptoa(pn[i]), pte[i],
           (word1[i] >> 8) & 1, (word1[i] >> 7) & 1);
  }
  printf("# host-check free_count %u head 0x%x sdr1 0x%08x\n", free_count, head, mfspr(SPR_SDR1));
}
