/*
 * Structure offsets the assembly code uses (xnu generates its assym.s with genassym.c; here
 * they are written down once and checked against the C structures by static assertions in
 * ppc/genassym.c). Usable from C and assembly.
 */
#ifndef PPC_ASM_OFFSETS_H
#define PPC_ASM_OFFSETS_H

/* struct savearea (ppc/savearea.h). */
#define SAVE_R0 0x00
#define SAVE_R1 0x04
#define SAVE_R2 0x08
#define SAVE_R3 0x0C
#define SAVE_R4 0x10
#define SAVE_R5 0x14
#define SAVE_R6 0x18
#define SAVE_R7 0x1C
#define SAVE_R8 0x20
#define SAVE_R9 0x24
#define SAVE_R10 0x28
#define SAVE_R11 0x2C
#define SAVE_R12 0x30
#define SAVE_R13 0x34
#define SAVE_R14 0x38
#define SAVE_CR 0x80
#define SAVE_XER 0x84
#define SAVE_LR 0x88
#define SAVE_CTR 0x8C
#define SAVE_SRR0 0x90
#define SAVE_SRR1 0x94
#define SAVE_DAR 0x98
#define SAVE_DSISR 0x9C
#define SAVE_EXCEPTION 0xA0
#define SAVE_FLAGS 0xA4
#define SAVE_SIZE 0xB0

/*
 * struct per_proc_info (ppc/exception.h). The real-mode save slots follow the header; each
 * slot is a savearea followed by the stack the real-mode C code of that nesting level runs on.
 */
#define PP_SAVE_DEPTH 0x00
#define PP_SCRATCH 0x04
#define PP_ACTIVE_THREAD 0x08
#define PP_SCRATCH_CR 0x0C
#define PP_SAVES 0x40
#define REAL_SAVE_SHIFT 12
#define REAL_SAVE_STRIDE (1 << REAL_SAVE_SHIFT)
#define REAL_SAVE_DEPTH 4

/* struct thread's machine context (kern/thread.h): callee-saved state of a switched-out thread. */
#define PCB_R1 0x00
#define PCB_R2 0x04
#define PCB_LR 0x08
#define PCB_CR 0x0C
#define PCB_R13 0x10
#define PCB_SIZE 0x5C

/* What exception_real returns to the assembly: resume the interrupted code, or pass up to trap. */
#define EXCEPTION_RESUME 0
#define EXCEPTION_PASSUP 1

#endif
