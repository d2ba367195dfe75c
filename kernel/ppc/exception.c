/*
 * The C half of the low-level exception path (ppc/hw_exception.S; xnu's hw_exception.s and the
 * "filter" of lowmem_vectors.s). An exception arrives in real mode and is saved in a per-
 * processor save slot. DSI and ISI go to handlePF first; when it resolves the fault, the
 * interrupted code resumes at once. Everything else is passed up: the state is copied onto the
 * kernel stack, translation goes back on and trap() runs. On the way out the state returns to
 * a save slot, and in real mode handlePF is run again for a fault trap() resolved (the
 * "redrive", §5.6) before the rfi.
 */
#include "kern/misc_protos.h"
#include "kern/thread.h"
#include "ppc/exception.h"
#include "ppc/pmap.h"
#include "ppc/pmap_space.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"

struct per_proc_info per_proc_info __attribute__((aligned(64)));

void trap(struct savearea *ssp);

/* Room left below an interrupted kernel stack pointer before the exception frame. */
#define KERNEL_RED_ZONE 288

const char *exception_name(uint32_t exception) {
  switch (exception) {
    case T_RESET: return "system reset";
    case T_MACHINE_CHECK: return "machine check";
    case T_DATA_ACCESS: return "DSI";
    case T_INSTRUCTION_ACCESS: return "ISI";
    case T_INTERRUPT: return "external interrupt";
    case T_ALIGNMENT: return "alignment";
    case T_PROGRAM: return "program";
    case T_FP_UNAVAILABLE: return "floating-point unavailable";
    case T_DECREMENTER: return "decrementer";
    case T_SYSTEM_CALL: return "system call";
    case T_TRACE: return "trace";
    case T_PERF_MON: return "performance monitor";
    case T_VMX_UNAVAILABLE: return "AltiVec unavailable";
    case T_INSTRUCTION_BKPT: return "instruction breakpoint";
    case T_SYSTEM_MANAGEMENT: return "system management";
    case T_ALTIVEC_ASSIST: return "AltiVec assist";
    case T_THERMAL: return "thermal";
    case 0: return "no";
    default: return "unknown";
  }
}

/* Real mode, right after the state is saved. */
int exception_real(struct savearea *sa) {
  struct per_proc_info *pp = getPerProc();
  switch (sa->save_exception) {
    case T_DATA_ACCESS:
      pp->pf.dsi++;
      break;
    case T_INSTRUCTION_ACCESS:
      pp->pf.isi++;
      break;
    default:
      return EXCEPTION_PASSUP;
  }
  if (handlePF(sa)) return EXCEPTION_RESUME;
  pp->pf.passup++;
  return EXCEPTION_PASSUP;
}

/* Real mode: where the state goes on the kernel stack (a virtual address). */
uint32_t exception_prepare_passup(struct savearea *sa) {
  uint32_t top;
  if ((sa->save_srr1 & MASK_MSR_PR) != 0) {
    /* From user mode: kernel segments, and the top of the thread's kernel stack. */
    switch_to_kernel_segments();
    top = thread_kernel_stack_top(current_thread());
  } else {
    top = sa->save_r[1] - KERNEL_RED_ZONE;
  }
  return (top & ~15u) - sizeof(struct savearea);
}

/* Translation on: copies the state to the kernel stack, frees the save slot, runs trap(). */
struct savearea *exception_passup(struct savearea *ksa, struct savearea *sa) {
  memcpy(ksa, sa, sizeof *ksa);
  /* The exception frame's back chain leads to the interrupted frame, for backtraces. */
  ((uint32_t *)ksa)[-4] = (ksa->save_srr1 & MASK_MSR_PR) != 0 ? 0 : ksa->save_r[1];
  getPerProc()->save_depth--;
  trap(ksa);
  return ksa;
}

/* Translation on, on the way out: takes a save slot and copies the state into it. */
struct savearea *exception_exit_prepare(struct savearea *ksa) {
  struct per_proc_info *pp = getPerProc();
  uint32_t depth = pp->save_depth;
  if (depth >= REAL_SAVE_DEPTH) panic("exception_exit_prepare: no free save slot");
  pp->save_depth = depth + 1;
  struct savearea *sa = &pp->saves[depth].save;
  memcpy(sa, ksa, sizeof *sa);
  return sa;
}

/* Real mode, just before the state is restored: the redrive. */
void exception_exit_real(struct savearea *sa) {
  /* Back to user mode: the user's segments, before a redrive looks at them. */
  if ((sa->save_srr1 & MASK_MSR_PR) != 0) switch_to_user_segments();
  if ((sa->save_flags & SAVE_REDRIVE) != 0) {
    sa->save_flags &= ~SAVE_REDRIVE;
    getPerProc()->pf.redrive++;
    (void)handlePF(sa); /* if it cannot, the instruction simply faults again */
  }
}

/* Exceptions nested deeper than the save slots allow: something is badly wrong. */
void exception_overflow_panic(uint32_t exception) {
  getPerProc()->save_depth = 0;
  panic("%s exception nested more than %d deep in the exception path", exception_name(exception), REAL_SAVE_DEPTH);
}
