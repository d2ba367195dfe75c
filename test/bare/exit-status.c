/* test-exit-status: prints a line and returns 42, which crt0 writes to the power register. */
#include "../../userland/bare/board.h"

int main(void) {
  console_puts("test-exit-status: powering off with 42\n");
  return 42;
}
