/*
 * test-unhandled-illegal: no exception vectors (the image starts at 64 KB and RAM below is
 * zero), then an illegal instruction at the global label `illegal_instruction`. The program
 * exception finds an all-zero vector, so the run must end with a report of it.
 */
#include "../../userland/bare/board.h"

int main(void) {
  console_puts("test-unhandled-illegal: executing an illegal instruction\n");
  __asm__ volatile(
      ".globl illegal_instruction\n"
      "illegal_instruction: .long 0x00000000");
  console_puts("test-unhandled-illegal: still running after the illegal instruction\n");
  return 1;
}
