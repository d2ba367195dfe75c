/*
 * Kernel start-up after translation is on (osfmk/kern/startup.c, kernel_bootstrap): the VM,
 * threads, the pageout thresholds, then what the boot mode asks for: the self-test suite, or a
 * report of the machine's memory.
 */
#include "kern/misc_protos.h"
#include "kern/thread.h"
#include "ppc/boot.h"
#include "ppc/exception.h"
#include "ppc/pmap.h"
#include "ppc/proc_reg.h"
#include "mach/vm_param.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "bsd/kern_exec.h"

extern struct boot_args PE_boot_args;
void vm_mem_bootstrap(void);
void vm_pageout_startup(void);
int kern_tests_run(const char *only);
__attribute__((noreturn)) void kernel_bootstrap(void);

/* `name=value` on the command line gives "value"; a bare `name` gives "". */
const char *boot_arg(const char *name) {
  static char value[BOOT_LINE_LENGTH];
  size_t length = strlen(name);
  const char *c = PE_boot_args.CommandLine;
  while (*c != '\0') {
    while (*c == ' ') c++;
    const char *word = c;
    while (*c != '\0' && *c != ' ') c++;
    size_t word_length = (size_t)(c - word);
    if (word_length >= length && strncmp(word, name, length) == 0) {
      if (word_length == length) return "";
      if (word[length] == '=') {
        size_t n = word_length - length - 1;
        memcpy(value, word + length + 1, n);
        value[n] = '\0';
        return value;
      }
    }
  }
  return NULL;
}

/* One line per fact, for people and for the host-side tests (docs/kernel.md). */
static void report_memory(void) {
  printf("ram 0x%08x%08x bytes\n", (uint32_t)(max_mem >> 32), (uint32_t)max_mem);
  printf("htab base 0x%08x size 0x%08x sdr1 0x%08x ptegs %u\n", hash_table_base, hash_table_size, mfspr(SPR_SDR1),
         hash_table_pteg_count);
  printf("pca base 0x%08x size 0x%08x\n", hash_table_pca_base, hash_table_pca_size);
  for (unsigned int i = 0; i < pmap_mem_regions_count; i++) {
    printf("bank %u pages 0x%x-0x%x\n", i, pmap_mem_regions[i].mrStart, pmap_mem_regions[i].mrEnd);
  }
  printf("vm_pages %u first 0x%x buckets %u hash 0x%x\n", vm_pages_count, vm_pages_count ? vm_pages[0].phys_page : 0,
         vm_page_bucket_count, vm_page_bucket_hash);
  printf("kernel_map 0x%08x-0x%08x boot area 0x%08x-0x%08x\n", vm_map_min(kernel_map), vm_map_max(kernel_map),
         vm_map_first_entry(kernel_map)->vme_start, vm_map_first_entry(kernel_map)->vme_end);
  printf("free_count %u reserved %u min %u target %u wired %u\n", vm_page_free_count, vm_page_free_reserved,
         vm_page_free_min, vm_page_free_target, vm_page_wire_count);
}

void kernel_bootstrap(void) {
  printf("ppcmac kernel: Mac OS X 10.4 VM (xnu-792) in miniature\n");
  if (PE_boot_args.CommandLine[0] != '\0') printf("command line: %s\n", PE_boot_args.CommandLine);
  vm_mem_bootstrap();
  thread_init();
  vm_pageout_startup();
  report_memory();

  const char *panic_test = boot_arg("panictest");
  if (panic_test != NULL) {
    /* For the host-side tests of the panic path: a direct panic, or a kernel fault on an
       address no map entry covers. */
    if (strcmp(panic_test, "fault") == 0) *(volatile uint32_t *)(USER_MEMORY_WINDOW - 0x10000000) = 1;
    panic("panic test requested on the command line");
  }
  if (PE_boot_args.mode == BOOT_MODE_SELF_TEST) {
    int failed = kern_tests_run(boot_arg("only"));
    halt_machine(failed == 0 ? 0 : 1);
  }
  if (PE_boot_args.exec_strings_size != 0) load_init_program(); /* bsd/kern_exec.c: does not return */
  printf("nothing to run: the kernel halts\n");
  halt_machine(0);
}
