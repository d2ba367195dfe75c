/*
 * test-unhandled-dsi: no exception vectors; turns data translation on with no BAT and an empty
 * page table, then loads from 0x12345678 at the global label `unmapped_load`. The DSI (not
 * found) finds an all-zero vector, so the run must end with a report of it.
 */
#include <stdint.h>
#include "../../userland/bare/board.h"

#define PAGE_TABLE 0x00100000u /* 64 KB, aligned to its size */

int main(void) {
  console_puts("test-unhandled-dsi: loading from an unmapped address\n");
  volatile uint32_t *table = (volatile uint32_t *)PAGE_TABLE;
  for (uint32_t i = 0; i < 0x10000 / 4; i++) table[i] = 0;
  /* Every DBAT invalid, SDR1 = the empty table (HTABMASK 0), then MSR[DR] on and the load. */
  __asm__ volatile(
      "li 9, 0\n"
      "mtspr 536, 9\n mtspr 537, 9\n mtspr 538, 9\n mtspr 539, 9\n"
      "mtspr 540, 9\n mtspr 541, 9\n mtspr 542, 9\n mtspr 543, 9\n"
      "mtspr 25, %0\n"
      "mfmsr 9\n ori 9, 9, 0x10\n mtmsr 9\n isync\n"
      "lis 10, 0x1234\n"
      ".globl unmapped_load\n"
      "unmapped_load: lwz 11, 0x5678(10)\n"
      :
      : "r"(PAGE_TABLE)
      : "r9", "r10", "r11", "memory");
  console_puts("test-unhandled-dsi: still running after the load\n");
  return 1;
}
