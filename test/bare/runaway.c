/* test-runaway: never powers off; ppcmac's --max-instructions must stop it. */
#include "../../userland/bare/board.h"

int main(void) {
  console_puts("test-runaway: looping forever\n");
  for (;;) {
    __asm__ volatile("" : : : "memory");
  }
}
