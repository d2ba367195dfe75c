/*
 * The first C code (osfmk/ppc/ppc_init.c and ppc_vm_init.c), in real mode on the boot stack:
 * take the boot arguments, set up the pmap and the hash table, map the kernel V=R through the
 * page table (as permanent block mappings, not BATs), turn translation on, and go on to
 * kernel_bootstrap.
 */
#include "kern/misc_protos.h"
#include "kern/thread.h"
#include "mach/vm_param.h"
#include "ppc/boot.h"
#include "ppc/exception.h"
#include "ppc/pmap.h"
#include "ppc/proc_reg.h"

struct boot_args PE_boot_args;
extern uint32_t panic_power_status;

extern char __kernel_text_start[], __kernel_text_end[], __vectors_end[], __vectors_load[];
extern char __kernel_data_start[], __kernel_end[];

void ppc_init(struct boot_args *args);
__attribute__((noreturn)) void kernel_bootstrap(void);

static void ppc_vm_init(vm_offset_t first_avail) {
  pmap_bootstrap(&PE_boot_args, &first_avail);

  /* The kernel, V=R (§4.7): vectors and text read/execute, data read/write, and the boot area
     (boot arguments, symbol table, phys_entry tables, first mappings) read/write. */
  vm_offset_t vectors_end = round_page((vm_offset_t)__vectors_end);
  vm_offset_t text_start = trunc_page((vm_offset_t)__kernel_text_start);
  vm_offset_t text_end = round_page((vm_offset_t)__vectors_load + (vm_offset_t)__vectors_end);
  vm_offset_t data_start = trunc_page((vm_offset_t)__kernel_data_start);
  vm_offset_t data_end = round_page((vm_offset_t)__kernel_end);
  pmap_map_block(kernel_pmap, 0, 0, vectors_end, VM_PROT_READ | VM_PROT_EXECUTE, mpM);
  pmap_map_block(kernel_pmap, text_start, text_start, text_end - text_start, VM_PROT_READ | VM_PROT_EXECUTE, mpM);
  pmap_map_block(kernel_pmap, data_start, data_start, data_end - data_start, VM_PROT_READ | VM_PROT_WRITE, mpM);
  pmap_map_block(kernel_pmap, data_end, data_end, first_avail - data_end, VM_PROT_READ | VM_PROT_WRITE, mpM);

  hw_start_trans();
}

void ppc_init(struct boot_args *args) {
  mtspr(SPR_SPRG0, (uint32_t)&per_proc_info);
  if (args->magic != BOOT_ARGS_MAGIC || args->Revision != BOOT_ARGS_REVISION) {
    printf("ppc_init: no valid boot arguments at 0x%08x\n", (uint32_t)args);
    halt_machine(0xFFFFFFFFu);
  }
  PE_boot_args = *args;
  PE_boot_args.CommandLine[BOOT_LINE_LENGTH - 1] = '\0';
  panic_power_status = PE_boot_args.panic_status;
  symbols_init(PE_boot_args.symtab, PE_boot_args.symtab_size, PE_boot_args.strtab, PE_boot_args.strtab_size);
  thread_bootstrap();

  ppc_vm_init(round_page(PE_boot_args.topOfKernelData));
  kernel_bootstrap();
}
