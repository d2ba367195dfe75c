/*
 * Exceptions from user mode (osfmk/ppc/trap.c, the user half; spec §5 steps 5-7): system calls
 * go to the BSD or Mach dispatcher by r0; a page fault handlePF could not resolve goes to
 * vm_fault in the task's map and is redriven on success; a failed fault, an illegal instruction
 * or a trap ends the task with the signal ux_exception would send (docs/user-abi.md §7).
 */
#include "kern/misc_protos.h"
#include "kern/task.h"
#include "mach/vm_param.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"
#include "bsd/signals.h"
#include "bsd/syscalls.h"
#include "vm/vm_fault.h"

void user_trap(struct savearea *ssp);

/* SRR1 bits of a program exception (OEA §6.4.7). */
#define SRR1_PROGRAM_ILLEGAL 0x00080000u
#define SRR1_PROGRAM_PRIVILEGED 0x00040000u
#define SRR1_PROGRAM_TRAP 0x00020000u

static void user_page_fault(struct savearea *ssp, vm_offset_t address, vm_prot_t type) {
  task_t task = current_task();
  if (task == TASK_NULL) panic_with_state(ssp, "user fault at 0x%08x with no task", address);
  kern_return_t kr = vm_fault(task->map, trunc_page(address), type, FALSE);
  if (kr == KERN_SUCCESS) {
    ssp->save_flags |= SAVE_REDRIVE;
    return;
  }
  /* EXC_BAD_ACCESS: ux_exception makes KERN_INVALID_ADDRESS a SIGSEGV and anything else a SIGBUS. */
  bsd_signal_exit(task, kr == KERN_INVALID_ADDRESS ? SIGSEGV : SIGBUS, ssp, address);
}

void user_trap(struct savearea *ssp) {
  switch (ssp->save_exception) {
    case T_SYSTEM_CALL:
      system_call(ssp);
      return;
    case T_DATA_ACCESS: {
      if ((ssp->save_dsisr & DSISR_UNSUPPORTED) != 0) {
        bsd_signal_exit(current_task(), SIGBUS, ssp, ssp->save_dar);
      }
      boolean_t store = (ssp->save_dsisr & DSISR_STORE) != 0;
      user_page_fault(ssp, ssp->save_dar, store ? VM_PROT_READ | VM_PROT_WRITE : VM_PROT_READ);
      if ((ssp->save_flags & SAVE_REDRIVE) != 0) {
        ssp->save_dsisr = (ssp->save_dsisr & ~(DSISR_PROTECTION | DSISR_NO_EXECUTE)) | DSISR_NOT_FOUND;
      }
      return;
    }
    case T_INSTRUCTION_ACCESS:
      user_page_fault(ssp, ssp->save_srr0, VM_PROT_EXECUTE | VM_PROT_READ);
      if ((ssp->save_flags & SAVE_REDRIVE) != 0) {
        ssp->save_srr1 = (ssp->save_srr1 & ~(DSISR_PROTECTION | DSISR_NO_EXECUTE)) | DSISR_NOT_FOUND;
      }
      return;
    case T_PROGRAM:
      if ((ssp->save_srr1 & SRR1_PROGRAM_TRAP) != 0) bsd_signal_exit(current_task(), SIGTRAP, ssp, ssp->save_srr0);
      /* Illegal and privileged instructions are EXC_BAD_INSTRUCTION; FP-enabled exceptions cannot
         happen with FPSCR exceptions disabled, as a new process has them. */
      bsd_signal_exit(current_task(), SIGILL, ssp, ssp->save_srr0);
    case T_FP_UNAVAILABLE:
      /* The lazy FPU: one task, so the registers are simply the task's; turn FP on for it. */
      ssp->save_srr1 |= MASK_MSR_FP;
      return;
    case T_ALIGNMENT:
      bsd_signal_exit(current_task(), SIGBUS, ssp, ssp->save_dar);
    case T_DECREMENTER:
      mtspr(SPR_DEC, 0x7FFFFFFF); /* no timer is used yet: push the next one far away */
      return;
    case T_TRACE:
    case T_INSTRUCTION_BKPT:
      bsd_signal_exit(current_task(), SIGTRAP, ssp, ssp->save_srr0);
    case T_VMX_UNAVAILABLE:
      bsd_signal_exit(current_task(), SIGILL, ssp, ssp->save_srr0);
    default:
      panic_with_state(ssp, "unexpected %s exception in user mode at 0x%08x", exception_name(ssp->save_exception),
                       ssp->save_srr0);
  }
}
