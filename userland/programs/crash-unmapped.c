/*
 * crash-unmapped: loads from an address no map entry covers (0x40000000, in the hole between the
 * program and dyld's range). vm_fault returns KERN_INVALID_ADDRESS: "Segmentation fault" (SIGSEGV).
 */
#include "bsd.h"
#include "print.h"

#define UNMAPPED_ADDRESS 0x40000000u

int main(int argc, char **argv, char **envp, char **apple) {
  (void)argc;
  (void)argv;
  (void)envp;
  (void)apple;
  uint32_t value = *(volatile uint32_t *)UNMAPPED_ADDRESS;
  print("crash-unmapped: read 0x%x at 0x%x and survived\n", value, UNMAPPED_ADDRESS);
  return 1;
}
