/*
 * The C half of process start-up: finds argc, argv, envp and the apple vector in the frame the
 * kernel built (docs/user-abi.md §5), runs main and exits with its status, as crt1's _start does.
 */
#include "bsd.h"

char **environ;

__attribute__((noreturn, used)) void runtime_start(uint32_t *frame);

void runtime_start(uint32_t *frame) {
  int argc = (int)frame[0];
  char **argv = (char **)&frame[1];
  char **envp = argv + argc + 1;
  char **apple = envp;
  while (*apple != 0) apple++;
  apple++;
  environ = envp;
  exit(main(argc, argv, envp, apple));
}

void exit(int status) {
  /* Nothing is buffered and there are no atexit handlers, so exit is _exit. */
  _exit(status);
}
