/*
 * The board's console and power register (docs/board.md: console transmit at 0xF0000000,
 * power at 0xF0000004). The kernel reaches them by physical address with data translation
 * switched off for the single store, so the console works before the page table exists, in the
 * real-mode exception path and with translation on alike, and needs no mapping of device space
 * (segments 0xE and 0xF of the kernel's address space belong to the user-memory window).
 */
#include "../../userland/bare/board.h"
#include "kern/misc_protos.h"
#include "ppc/proc_reg.h"

static inline void physical_store32(uint32_t physical, uint32_t value) {
  uint32_t msr = mfmsr();
  if ((msr & MASK_MSR_DR) != 0) mtmsr(msr & ~(MASK_MSR_DR | MASK_MSR_EE));
  *(volatile uint32_t *)physical = value;
  eieio();
  if ((msr & MASK_MSR_DR) != 0) mtmsr(msr);
}

void cnputc(char c) {
  physical_store32(BOARD_BASE + BOARD_CONSOLE_TX_OFFSET, (uint8_t)c);
}

void halt_machine(uint32_t status) {
  physical_store32(BOARD_BASE + BOARD_POWER_OFFSET, status);
  for (;;) {
  }
}
