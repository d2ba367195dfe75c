/*
 * crash-text: stores into its own code. The text segment is mapped read/execute, so vm_fault
 * fails with KERN_PROTECTION_FAILURE: "Bus error" (SIGBUS).
 */
#include "bsd.h"
#include "print.h"

int main(int argc, char **argv, char **envp, char **apple) {
  (void)argc;
  (void)argv;
  (void)envp;
  (void)apple;
  volatile uint32_t *code = (volatile uint32_t *)(uintptr_t)&main;
  *code = 0x60000000; /* nop */
  print("crash-text: wrote into main at %p and survived\n", (void *)code);
  return 1;
}
