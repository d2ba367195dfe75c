/*
 * Translation on for the benchmark's MMU variant: the workload runs with MSR[IR] and MSR[DR]
 * set, its code and data mapped page by page through a hashed page table, and the board's
 * registers through a data BAT, so `ppcmac bench` can show what translation costs.
 *
 * The mapping is V=R (effective = physical) for the low MAPPED_BYTES, which hold the image,
 * its stack and the table itself. PTEs go in the primary PTEG, the first free slot, as the
 * architecture's search order finds them (OEA 7.6).
 */
#include <stdint.h>
#include "../bare/board.h"
#include "bench.h"

#define HTAB_BASE 0x00100000u    /* 64 KB, the minimum table: HTABMASK = 0 */
#define HTAB_BYTES 0x00010000u
#define MAPPED_BYTES 0x00400000u  /* 4 MB: image, stack and table */
#define VSID_BASE 0x100u

static inline void mtsr(unsigned sr, uint32_t value) {
  __asm__ volatile("mtsrin %0,%1" : : "r"(value), "r"(sr << 28));
}

/* DBAT0: lower first, so the pair is never valid with a stale lower half. */
static void set_dbat0(uint32_t upper, uint32_t lower) {
  __asm__ volatile("mtspr 537,%0\n\tmtspr 536,%1" : : "r"(lower), "r"(upper));
}

static void enter_pte(uint32_t vsid, uint32_t ea, uint32_t pa, uint32_t pp) {
  uint32_t page_index = (ea >> 12) & 0xffff;
  uint32_t hash = (vsid & 0x7ffff) ^ page_index;
  volatile uint32_t *pteg = (volatile uint32_t *)(HTAB_BASE | ((hash & 0x3ff) << 6));
  for (int slot = 0; slot < 8; slot++) {
    if ((pteg[2 * slot] & 0x80000000u) == 0) {
      pteg[2 * slot + 1] = (pa & 0xfffff000u) | pp;   /* word 1: RPN, WIMG 0, PP */
      __asm__ volatile("eieio");
      pteg[2 * slot] = 0x80000000u | (vsid << 7) | ((ea >> 22) & 0x3f);  /* word 0: V, VSID, API */
      return;
    }
  }
  board_power_off(0xdead0001u); /* a full PTEG: the table is too small for the mapping */
}

void mmu_enable(void) {
  for (uint32_t *p = (uint32_t *)HTAB_BASE; p < (uint32_t *)(HTAB_BASE + HTAB_BYTES); p++) *p = 0;
  for (unsigned sr = 0; sr < 16; sr++) mtsr(sr, VSID_BASE + sr);       /* Ks = Kp = 0 */
  for (uint32_t ea = 0; ea < MAPPED_BYTES; ea += 4096) enter_pte(VSID_BASE, ea, ea, 2);
  /* DBAT0: the board's 128 KB at 0xF0000000, caching-inhibited and guarded, read/write. */
  set_dbat0(BOARD_BASE | 0x2, BOARD_BASE | (0x5 << 3) | 0x2);
  __asm__ volatile(
      "sync\n\t"
      "mtspr 25,%0\n\t"          /* SDR1 */
      "isync\n\t"
      "mfmsr 3\n\t"
      "ori 3,3,0x30\n\t"          /* MSR[IR] | MSR[DR] */
      "mtmsr 3\n\t"
      "isync"
      : : "r"(HTAB_BASE) : "r3", "memory");
}
