/*
 * crash-null: loads through a null pointer. On 10.4 page 0 is __PAGEZERO, mapped with no access,
 * so vm_fault fails with KERN_PROTECTION_FAILURE and the shell reports "Bus error" (SIGBUS); a
 * kernel that leaves page 0 unmapped instead reports "Segmentation fault" (docs/user-abi.md §7).
 */
#include "bsd.h"
#include "print.h"

int main(int argc, char **argv, char **envp, char **apple) {
  (void)argv;
  (void)envp;
  (void)apple;
  /* argc is never 12345, but the compiler cannot know: the pointer stays null at run time. */
  volatile uint32_t *pointer = argc == 12345 ? (uint32_t *)&argc : 0;
  uint32_t value = *pointer;
  print("crash-null: read 0x%x at address 0 and survived\n", value);
  return 1;
}
