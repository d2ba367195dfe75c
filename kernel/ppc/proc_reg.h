/*
 * PowerPC 32-bit OEA registers and the instructions that reach them (osfmk/ppc/proc_reg.h).
 * Bit masks follow the OEA manual (IBM bit 0 is the most significant).
 */
#ifndef PPC_PROC_REG_H
#define PPC_PROC_REG_H

#include <stdint.h>

/* MSR (OEA §2.3.1). */
#define MASK_MSR_POW 0x00040000u
#define MASK_MSR_ILE 0x00010000u
#define MASK_MSR_EE 0x00008000u
#define MASK_MSR_PR 0x00004000u
#define MASK_MSR_FP 0x00002000u
#define MASK_MSR_ME 0x00001000u
#define MASK_MSR_SE 0x00000400u
#define MASK_MSR_BE 0x00000200u
#define MASK_MSR_IP 0x00000040u
#define MASK_MSR_IR 0x00000020u
#define MASK_MSR_DR 0x00000010u
#define MASK_MSR_RI 0x00000002u

/* SPR numbers. */
#define SPR_DSISR 18
#define SPR_DAR 19
#define SPR_DEC 22
#define SPR_SDR1 25
#define SPR_SRR0 26
#define SPR_SRR1 27
#define SPR_SPRG0 272
#define SPR_SPRG1 273
#define SPR_SPRG2 274
#define SPR_SPRG3 275
#define SPR_PVR 287
#define SPR_IBAT0U 528
#define SPR_DBAT0U 536

/* DSISR bits (OEA §6.4.3) and the ISI cause bits of SRR1 (OEA §6.4.4). */
#define DSISR_NOT_FOUND 0x40000000u
#define DSISR_NO_EXECUTE 0x10000000u
#define DSISR_PROTECTION 0x08000000u
#define DSISR_UNSUPPORTED 0x04000000u
#define DSISR_STORE 0x02000000u
#define DSISR_DABR 0x00400000u
/* handlePF builds a DSISR for an ISI from SRR1 with this mask (hw_vm.s). */
#define SRR1_ISI_CAUSE_MASK 0x5E600000u

#define STR(x) #x
#define XSTR(x) STR(x)

static inline uint32_t mfmsr(void) {
  uint32_t value;
  __asm__ volatile("mfmsr %0" : "=r"(value));
  return value;
}

/* mtmsr followed by isync, so the next instruction sees the new translation state. */
static inline void mtmsr(uint32_t value) {
  __asm__ volatile("mtmsr %0\n\tisync" : : "r"(value) : "memory");
}

#define mfspr(spr)                                           \
  ({                                                         \
    uint32_t value_;                                         \
    __asm__ volatile("mfspr %0," XSTR(spr) : "=r"(value_)); \
    value_;                                                  \
  })
#define mtspr(spr, value) __asm__ volatile("mtspr " XSTR(spr) ",%0" : : "r"((uint32_t)(value)) : "memory")

static inline uint32_t mfsrin(uint32_t ea) {
  uint32_t value;
  __asm__ volatile("mfsrin %0,%1" : "=r"(value) : "r"(ea));
  return value;
}

static inline void mtsrin(uint32_t value, uint32_t ea) {
  __asm__ volatile("mtsrin %0,%1\n\tisync" : : "r"(value), "r"(ea) : "memory");
}

static inline void sync(void) {
  __asm__ volatile("sync" : : : "memory");
}

static inline void eieio(void) {
  __asm__ volatile("eieio" : : : "memory");
}

static inline void isync(void) {
  __asm__ volatile("isync" : : : "memory");
}

static inline void tlbie(uint32_t ea) {
  __asm__ volatile("tlbie %0" : : "r"(ea) : "memory");
}

static inline void tlbsync(void) {
  __asm__ volatile("tlbsync" : : : "memory");
}

/* The current stack pointer (r1), for backtraces. */
static inline uint32_t get_sp(void) {
  uint32_t sp;
  __asm__ volatile("mr %0,1" : "=r"(sp));
  return sp;
}

/*
 * Turns instruction and data translation and external interrupts off and returns the previous
 * MSR. The kernel's text, data and boot structures are mapped V=R, so C code keeps running
 * unchanged and addresses physical memory directly until ml_restore(old) (xnu's
 * ml_set_physical_disabled). No DSI or ISI can happen in between.
 */
static inline uint32_t ml_set_physical_disabled(void) {
  uint32_t old = mfmsr();
  mtmsr(old & ~(MASK_MSR_IR | MASK_MSR_DR | MASK_MSR_EE));
  return old;
}

static inline void ml_restore(uint32_t old_msr) {
  mtmsr(old_msr);
}

#endif
