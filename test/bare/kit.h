/*
 * The exception-vector kit shared by the bare-metal test programs (vectors.S, kit.c).
 *
 * vectors.S puts a stub at every vector from 0x100 to 0x1700 (and 0xF20, the 7400's AltiVec
 * unavailable vector). Each stub records what the processor reported into the record below,
 * at fixed physical addresses so the handlers, which run with translation off, reach it with
 * absolute 16-bit addresses, then resumes:
 *   - machine check, DSI, alignment, program, FP unavailable: after the faulting instruction
 *     (SRR0 + 4), so a probe sees the exception and carries on;
 *   - ISI: at the address in LR (probes reach a target with bctrl, so LR is the return address);
 *   - system call: plain rfi, except r0 == KIT_SC_EXIT, which ends run_in_mode (below);
 *   - decrementer: plain rfi, reloading DEC from KIT_DEC_RELOAD when that is non-zero;
 *   - trace: plain rfi, clearing MSR[SE] in SRR1 once KIT_TRACE_STEPS traces have been taken;
 *   - instruction address breakpoint: clears IABR and returns to the instruction, which executes;
 *   - anything else: kit_fatal() prints it and powers off with status 100 + vector / 0x100.
 *
 * The same numbers serve C (through kit_word) and assembly.
 */
#ifndef TEST_BARE_KIT_H
#define TEST_BARE_KIT_H

#define KIT_BASE 0x2000
/* What the last exception reported (written on entry to every handler). */
#define KIT_COUNT (KIT_BASE + 0x00)       /* exceptions taken since start */
#define KIT_VECTOR (KIT_BASE + 0x04)      /* vector offset of the last one */
#define KIT_SRR0 (KIT_BASE + 0x08)
#define KIT_SRR1 (KIT_BASE + 0x0C)
#define KIT_DAR (KIT_BASE + 0x10)
#define KIT_DSISR (KIT_BASE + 0x14)
#define KIT_MSR (KIT_BASE + 0x18)         /* MSR inside the handler */
#define KIT_LR (KIT_BASE + 0x1C)          /* LR when the exception was taken */
#define KIT_DEC (KIT_BASE + 0x20)         /* DEC on entry to the handler */
#define KIT_SC_R0 (KIT_BASE + 0x24)       /* r0 and r3 at the last sc */
#define KIT_SC_R3 (KIT_BASE + 0x28)
/* Decrementer. */
#define KIT_DEC_RELOAD (KIT_BASE + 0x30)  /* non-zero: the handler writes it to DEC */
#define KIT_DEC_COUNT (KIT_BASE + 0x34)   /* decrementer exceptions taken */
#define KIT_DEC_LOG (KIT_BASE + 0x40)     /* TBL on entry, for the first KIT_LOG_LENGTH of them */
/* Trace. */
#define KIT_TRACE_STEPS (KIT_BASE + 0x80) /* traces left before the handler clears MSR[SE] */
#define KIT_TRACE_COUNT (KIT_BASE + 0x84)
#define KIT_TRACE_LOG (KIT_BASE + 0xC0)   /* SRR0 of the first KIT_LOG_LENGTH traces */
#define KIT_LOG_LENGTH 16
/* Registers the handlers borrow. */
#define KIT_SAVE_R3 (KIT_BASE + 0x100)
#define KIT_SAVE_R4 (KIT_BASE + 0x104)
#define KIT_SAVE_R5 (KIT_BASE + 0x108)
#define KIT_SAVE_CR (KIT_BASE + 0x10C)
/* The caller's context saved by run_in_mode and restored by the KIT_SC_EXIT system call. */
#define KIT_CTX_LR (KIT_BASE + 0x110)
#define KIT_CTX_CR (KIT_BASE + 0x114)
#define KIT_CTX_MSR (KIT_BASE + 0x118)
#define KIT_CTX_R1 (KIT_BASE + 0x11C)
#define KIT_CTX_R2 (KIT_BASE + 0x120)
#define KIT_CTX_GPRS (KIT_BASE + 0x124)   /* r13-r31 */
/* The last 16 exceptions, 16 bytes each: vector, SRR0, SRR1, MSR inside the handler. Entry
   (count % 16) is written by the count-th exception (counting from 0). */
#define KIT_XLOG (KIT_BASE + 0x200)
#define KIT_XLOG_ENTRIES 16
#define KIT_END (KIT_BASE + 0x300)

/* r0 for the system call that leaves run_in_mode. */
#define KIT_SC_EXIT 0x7FF0

/* MSR bits (OEA 2.3.1; MPC750 UM Table 2-4). */
#define MSR_POW 0x00040000
#define MSR_ILE 0x00010000
#define MSR_EE 0x00008000
#define MSR_PR 0x00004000
#define MSR_FP 0x00002000
#define MSR_ME 0x00001000
#define MSR_FE0 0x00000800
#define MSR_SE 0x00000400
#define MSR_BE 0x00000200
#define MSR_FE1 0x00000100
#define MSR_IP 0x00000040
#define MSR_IR 0x00000020
#define MSR_DR 0x00000010
#define MSR_RI 0x00000002
#define MSR_LE 0x00000001

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uint32_t kit_word(uint32_t address) {
  return *(volatile uint32_t *)address;
}
static inline void kit_set_word(uint32_t address, uint32_t value) {
  *(volatile uint32_t *)address = value;
}

/*
 * Forgets the last exception (vector 0, recorded SRR0/SRR1/DAR/DSISR poisoned, and the real
 * DAR and DSISR poisoned too, so a stale value cannot pass for a new one) and returns the
 * exception count. Supervisor state only.
 */
uint32_t kit_arm(void);

/*
 * Calls fn(arg) with the MSR set to `msr` (through rfi), on a stack below the caller's, and
 * returns what fn returns. fn returns into a stub that leaves with sc r0=KIT_SC_EXIT, so the
 * caller gets back its own MSR, stack and non-volatile registers whatever fn ran as.
 */
uint32_t run_in_mode(uint32_t (*fn)(uint32_t), uint32_t arg, uint32_t msr);

/* The stub fn returns into (its address is what LR holds inside fn). */
extern const uint32_t kit_mode_exit[];

__attribute__((noreturn)) void kit_fatal(uint32_t vector, uint32_t srr0, uint32_t srr1);

/* --- special registers --- */
#define mfspr(n)                                                 \
  ({                                                             \
    uint32_t value_;                                             \
    __asm__ volatile("mfspr %0, %1" : "=r"(value_) : "i"(n));    \
    value_;                                                      \
  })
#define mtspr(n, v) __asm__ volatile("mtspr %0, %1" : : "i"(n), "r"((uint32_t)(v)) : "memory")

static inline uint32_t mfmsr(void) {
  uint32_t msr;
  __asm__ volatile("mfmsr %0" : "=r"(msr));
  return msr;
}
/* mtmsr followed by isync, which the 750 requires before translation uses the new MSR. */
static inline void mtmsr(uint32_t msr) {
  __asm__ volatile("mtmsr %0; isync" : : "r"(msr) : "memory");
}
static inline void mtsr(uint32_t ea, uint32_t value) {
  __asm__ volatile("mtsrin %0, %1; isync" : : "r"(value), "r"(ea) : "memory");
}
static inline uint32_t mfsr(uint32_t ea) {
  uint32_t value;
  __asm__ volatile("mfsrin %0, %1" : "=r"(value) : "r"(ea));
  return value;
}
static inline uint32_t mftbl(void) {
  uint32_t value;
  __asm__ volatile("mftb %0" : "=r"(value));
  return value;
}
static inline void isync(void) {
  __asm__ volatile("isync" : : : "memory");
}
static inline void sync(void) {
  __asm__ volatile("sync" : : : "memory");
}
/* The sequence OEA 7.6.3 gives for invalidating a TLB entry on a uniprocessor. */
static inline void tlbie(uint32_t ea) {
  __asm__ volatile("sync; tlbie %0; sync; tlbsync; sync; isync" : : "r"(ea) : "memory");
}

#define SPR_DSISR 18
#define SPR_DAR 19
#define SPR_DEC 22
#define SPR_SDR1 25
#define SPR_SRR0 26
#define SPR_SRR1 27
#define SPR_SPRG0 272
#define SPR_EAR 282
#define SPR_PVR 287
#define SPR_IBAT0U 528
#define SPR_DBAT0U 536
#endif

#endif
