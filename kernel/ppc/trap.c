/*
 * trap (osfmk/ppc/trap.c, spec §5 steps 4-7): exceptions handlePF could not resolve, and all
 * other exceptions, with translation on and on the kernel stack. A kernel fault on a kernel
 * address goes to vm_fault(kernel_map); on success the state is flagged for the redrive, on
 * failure the kernel panics. User-mode exceptions go to user_trap (docs/tasks.md).
 */
#include "kern/misc_protos.h"
#include "mach/vm_param.h"
#include "ppc/copyio.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"

void trap(struct savearea *ssp);
void user_trap(struct savearea *ssp);

static const char *kern_return_name(kern_return_t kr) {
  switch (kr) {
    case KERN_SUCCESS: return "KERN_SUCCESS";
    case KERN_INVALID_ADDRESS: return "KERN_INVALID_ADDRESS";
    case KERN_PROTECTION_FAILURE: return "KERN_PROTECTION_FAILURE";
    case KERN_NO_SPACE: return "KERN_NO_SPACE";
    case KERN_INVALID_ARGUMENT: return "KERN_INVALID_ARGUMENT";
    case KERN_FAILURE: return "KERN_FAILURE";
    case KERN_RESOURCE_SHORTAGE: return "KERN_RESOURCE_SHORTAGE";
    case KERN_MEMORY_ERROR: return "KERN_MEMORY_ERROR";
    case KERN_ABORTED: return "KERN_ABORTED";
    default: return "?";
  }
}

/* A kernel page fault: vm_fault in kernel_map, then the redrive, or a panic. */
static void kernel_page_fault(struct savearea *ssp, vm_offset_t addr, vm_prot_t type, const char *access) {
  if (addr >= USER_MEMORY_WINDOW) {
    user_window_fault(ssp, addr, type); /* copyin/copyout: the task's map, or the recovery address */
    return;
  }
  if (kernel_map == VM_MAP_NULL) panic_with_state(ssp, "kernel %s fault at 0x%08x before the VM is up", access, addr);
  kern_return_t kr = vm_fault(kernel_map, trunc_page(addr), type, FALSE);
  if (kr == KERN_SUCCESS) {
    ssp->save_flags |= SAVE_REDRIVE;
    return;
  }
  panic_with_state(ssp, "kernel %s fault at 0x%08x: %s", access, addr, kern_return_name(kr));
}

void trap(struct savearea *ssp) {
  if ((ssp->save_srr1 & MASK_MSR_PR) != 0) {
    user_trap(ssp); /* ppc/user_trap.c: system calls, user faults, signals */
    return;
  }
  switch (ssp->save_exception) {
    case T_DATA_ACCESS: {
      if ((ssp->save_dsisr & DSISR_UNSUPPORTED) != 0) {
        panic_with_state(ssp, "unsupported data access at 0x%08x (DSISR 0x%08x)", ssp->save_dar, ssp->save_dsisr);
      }
      boolean_t store = (ssp->save_dsisr & DSISR_STORE) != 0;
      kernel_page_fault(ssp, ssp->save_dar, store ? VM_PROT_READ | VM_PROT_WRITE : VM_PROT_READ, store ? "store" : "load");
      if ((ssp->save_flags & SAVE_REDRIVE) != 0) {
        ssp->save_dsisr = (ssp->save_dsisr & ~(DSISR_PROTECTION | DSISR_NO_EXECUTE)) | DSISR_NOT_FOUND;
      }
      return;
    }
    case T_INSTRUCTION_ACCESS:
      kernel_page_fault(ssp, ssp->save_srr0, VM_PROT_EXECUTE | VM_PROT_READ, "instruction fetch");
      if ((ssp->save_flags & SAVE_REDRIVE) != 0) {
        ssp->save_srr1 = (ssp->save_srr1 & ~(DSISR_PROTECTION | DSISR_NO_EXECUTE)) | DSISR_NOT_FOUND;
      }
      return;
    case T_DECREMENTER:
      mtspr(SPR_DEC, 0x7FFFFFFF); /* no timer is used yet: push the next one far away */
      return;
    case T_PROGRAM: {
      const char *cause = (ssp->save_srr1 & 0x00080000) ? "illegal instruction"
                          : (ssp->save_srr1 & 0x00040000) ? "privileged instruction"
                          : (ssp->save_srr1 & 0x00020000) ? "trap"
                                                           : "floating-point enabled";
      panic_with_state(ssp, "program exception (%s) at 0x%08x", cause, ssp->save_srr0);
    }
    default:
      panic_with_state(ssp, "unexpected %s exception in the kernel at 0x%08x", exception_name(ssp->save_exception),
                       ssp->save_srr0);
  }
}
