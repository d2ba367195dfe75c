/*
 * hello [STATUS [ARGS...]]: prints a greeting and its arguments, then exits with STATUS
 * (decimal or 0x hex, 0 when absent). The first program the kernel runs.
 */
#include "bsd.h"
#include "print.h"

int main(int argc, char **argv, char **envp, char **apple) {
  (void)envp;
  (void)apple;
  print("Hello from a Mac OS X 10.4 user program on ppcmac!\n");
  print("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) print("argv[%d]=%s\n", i, argv[i]);
  uint32_t status = 0;
  if (argc > 1 && parse_number(argv[1], &status) != 0) {
    print_fd(2, "hello: the exit status must be a number, not '%s'\n", argv[1]);
    return 64; /* EX_USAGE */
  }
  return (int)status;
}
