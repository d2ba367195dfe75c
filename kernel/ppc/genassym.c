/*
 * Checks that the offsets the assembly uses (ppc/asm_offsets.h) match the C structures, at
 * compile time (xnu generates them with genassym.c instead).
 */
#include <stddef.h>
#include "kern/thread.h"
#include "ppc/asm_offsets.h"
#include "ppc/exception.h"
#include "ppc/savearea.h"

_Static_assert(offsetof(struct savearea, save_r[0]) == SAVE_R0, "SAVE_R0");
_Static_assert(offsetof(struct savearea, save_r[13]) == SAVE_R13, "SAVE_R13");
_Static_assert(offsetof(struct savearea, save_r[14]) == SAVE_R14, "SAVE_R14");
_Static_assert(offsetof(struct savearea, save_cr) == SAVE_CR, "SAVE_CR");
_Static_assert(offsetof(struct savearea, save_xer) == SAVE_XER, "SAVE_XER");
_Static_assert(offsetof(struct savearea, save_lr) == SAVE_LR, "SAVE_LR");
_Static_assert(offsetof(struct savearea, save_ctr) == SAVE_CTR, "SAVE_CTR");
_Static_assert(offsetof(struct savearea, save_srr0) == SAVE_SRR0, "SAVE_SRR0");
_Static_assert(offsetof(struct savearea, save_srr1) == SAVE_SRR1, "SAVE_SRR1");
_Static_assert(offsetof(struct savearea, save_dar) == SAVE_DAR, "SAVE_DAR");
_Static_assert(offsetof(struct savearea, save_dsisr) == SAVE_DSISR, "SAVE_DSISR");
_Static_assert(offsetof(struct savearea, save_exception) == SAVE_EXCEPTION, "SAVE_EXCEPTION");
_Static_assert(offsetof(struct savearea, save_flags) == SAVE_FLAGS, "SAVE_FLAGS");
_Static_assert(sizeof(struct savearea) == SAVE_SIZE, "SAVE_SIZE");
_Static_assert(SAVE_SIZE % 16 == 0, "saveareas keep the stack 16-byte aligned");

_Static_assert(offsetof(struct per_proc_info, save_depth) == PP_SAVE_DEPTH, "PP_SAVE_DEPTH");
_Static_assert(offsetof(struct per_proc_info, scratch) == PP_SCRATCH, "PP_SCRATCH");
_Static_assert(offsetof(struct per_proc_info, active_thread) == PP_ACTIVE_THREAD, "PP_ACTIVE_THREAD");
_Static_assert(offsetof(struct per_proc_info, scratch_cr) == PP_SCRATCH_CR, "PP_SCRATCH_CR");
_Static_assert(offsetof(struct per_proc_info, saves) == PP_SAVES, "PP_SAVES");
_Static_assert(sizeof(struct real_save_slot) == REAL_SAVE_STRIDE, "REAL_SAVE_STRIDE");

_Static_assert(offsetof(struct thread, pcb) == 0, "pcb first");
_Static_assert(offsetof(struct machine_context, r1) == PCB_R1, "PCB_R1");
_Static_assert(offsetof(struct machine_context, r2) == PCB_R2, "PCB_R2");
_Static_assert(offsetof(struct machine_context, lr) == PCB_LR, "PCB_LR");
_Static_assert(offsetof(struct machine_context, cr) == PCB_CR, "PCB_CR");
_Static_assert(offsetof(struct machine_context, r13_r31) == PCB_R13, "PCB_R13");
_Static_assert(sizeof(struct machine_context) == PCB_SIZE, "PCB_SIZE");
