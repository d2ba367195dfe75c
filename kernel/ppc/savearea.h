/*
 * The state saved on an exception (osfmk/ppc/savearea.h, reduced to what a 32-bit G3/G4
 * kernel without floating point or AltiVec in the kernel needs).
 */
#ifndef PPC_SAVEAREA_H
#define PPC_SAVEAREA_H

#include <stdint.h>
#include "ppc/asm_offsets.h"

struct savearea {
  uint32_t save_r[32];
  uint32_t save_cr;
  uint32_t save_xer;
  uint32_t save_lr;
  uint32_t save_ctr;
  uint32_t save_srr0;
  uint32_t save_srr1;
  uint32_t save_dar;
  uint32_t save_dsisr;
  uint32_t save_exception; /* the vector offset: 0x300 DSI, 0x400 ISI, ... */
  uint32_t save_flags;     /* SAVE_REDRIVE */
  uint32_t save_pad[2];
};

/* trap() resolved a page fault: the exit path runs handlePF again before returning (§5.6). */
#define SAVE_REDRIVE 0x1

/* Exception codes: the offset of the vector that was taken. */
#define T_RESET 0x100
#define T_MACHINE_CHECK 0x200
#define T_DATA_ACCESS 0x300
#define T_INSTRUCTION_ACCESS 0x400
#define T_INTERRUPT 0x500
#define T_ALIGNMENT 0x600
#define T_PROGRAM 0x700
#define T_FP_UNAVAILABLE 0x800
#define T_DECREMENTER 0x900
#define T_SYSTEM_CALL 0xC00
#define T_TRACE 0xD00
#define T_PERF_MON 0xF00
#define T_VMX_UNAVAILABLE 0xF20
#define T_INSTRUCTION_BKPT 0x1300
#define T_SYSTEM_MANAGEMENT 0x1400
#define T_ALTIVEC_ASSIST 0x1600
#define T_THERMAL 0x1700

const char *exception_name(uint32_t exception);

#endif
