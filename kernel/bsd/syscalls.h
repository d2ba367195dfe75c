/* The system-call exception from user mode (bsd/systemcalls.c, kern/syscall_sw.c). */
#ifndef BSD_SYSCALLS_H
#define BSD_SYSCALLS_H

#include <stdint.h>

struct savearea;

/* `sc` from user mode: r0 < 0 is a Mach trap, otherwise a BSD call (docs/user-abi.md §1). */
void system_call(struct savearea *ssp);
/* Mach trap -r0 (kern/syscall_sw.c): resumes at sc+4 with the result in r3. */
void mach_call(struct savearea *ssp, uint32_t trap_number);

/* Darwin's errno values (sys/errno.h). */
#define EPERM 1
#define EBADF 9
#define ENOMEM 12
#define EFAULT 14
#define EINVAL 22
#define ENOSYS 78

#endif
