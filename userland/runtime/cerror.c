/*
 * The error path of every BSD stub (syscalls.S branches here, not calls, so returning goes
 * straight back to the stub's caller): records the errno the kernel left in r3 and returns -1,
 * in r3 and r4 as Libc's cerror does for calls with a 64-bit result.
 */
#include "bsd.h"

int errno;

__attribute__((used)) long long cerror(int error);

long long cerror(int error) {
  errno = error;
  return -1;
}
