/*
 * faultcount PAGES [read|write]: allocates PAGES fresh pages with one vm_allocate, touches each
 * once (a store by default, or a load), checks each read zero, frees them and prints what it
 * did. The kernel's DSI and vm_fault counters, read by the host test, say what it cost: the
 * program makes exactly the same calls for every PAGES except the touches themselves.
 */
#include "bsd.h"
#include "mach.h"
#include "print.h"

int main(int argc, char **argv, char **envp, char **apple) {
  (void)envp;
  (void)apple;
  uint32_t pages = 0;
  int store = 1;
  if (argc < 2 || parse_number(argv[1], &pages) != 0 || pages > 0x10000 ||
      (argc > 2 && strcmp(argv[2], "write") != 0 && strcmp(argv[2], "read") != 0)) {
    print_fd(2, "usage: faultcount PAGES [read|write]\n");
    return 64;
  }
  if (argc > 2 && strcmp(argv[2], "read") == 0) store = 0;

  mach_port_t task = mach_task_self();
  vm_address_t base = 0;
  kern_return_t kr = vm_allocate(task, &base, pages * VM_PAGE_SIZE, VM_FLAGS_ANYWHERE);
  if (kr != KERN_SUCCESS) {
    print_fd(2, "faultcount: vm_allocate failed: %d\n", kr);
    return 1;
  }
  uint32_t nonzero = 0;
  for (uint32_t page = 0; page < pages; page++) {
    volatile uint32_t *word = (volatile uint32_t *)(base + page * VM_PAGE_SIZE);
    if (store) *word = page + 1;
    else nonzero += *word != 0;
  }
  kr = vm_deallocate(task, base, pages * VM_PAGE_SIZE);
  print("faultcount pages=%u mode=%s base=0x%x nonzero=%u deallocate=%d\n", pages, store ? "write" : "read", base,
        nonzero, kr);
  return nonzero == 0 && kr == KERN_SUCCESS ? 0 : 1;
}
