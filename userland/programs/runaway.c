/*
 * runaway: loops forever without a system call, for --max-instructions to stop. It first says
 * that it started, so a test can tell a run that began from one that never did.
 */
#include "bsd.h"
#include "print.h"

int main(int argc, char **argv, char **envp, char **apple) {
  (void)argc;
  (void)argv;
  (void)envp;
  (void)apple;
  print("runaway: looping forever\n");
  volatile uint32_t counter = 0;
  for (;;) counter++;
}
