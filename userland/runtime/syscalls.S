/*
 * System-call and trap stubs (docs/user-abi.md §2-§3).
 *
 * BSD calls: number in r0 (> 0), arguments in r3-r10, `sc`. On success the kernel resumes two
 * instructions after the sc, so the `blr` there returns r3 (and r4); on failure it resumes at
 * the instruction right after the sc with the errno in r3, and that instruction branches to
 * cerror. This is Libc's ppc SYS.h shape: sc / error branch / blr.
 *
 * Mach traps: minus the trap number in r0, arguments in r3-r10, `sc`; the kernel always resumes
 * right after the sc with the result in r3.
 */
	.file	"syscalls.S"	/* names the symbol-table FILE entry (not a temporary file name: reproducible builds) */
#include "bsd.h"

#define BSD_CALL(name, number)		\
	.globl name;			\
	.type name, @function;		\
name:					\
	li	%r0, number;		\
	sc;				\
	b	cerror;			\
	blr;				\
	.size name, . - name

#define MACH_TRAP(name, number)		\
	.globl name;			\
	.type name, @function;		\
name:					\
	li	%r0, -(number);		\
	sc;				\
	blr;				\
	.size name, . - name

	.text
BSD_CALL(read, SYS_read)
BSD_CALL(write, SYS_write)
BSD_CALL(getpid, SYS_getpid)
BSD_CALL(munmap, SYS_munmap)
BSD_CALL(syscall, SYS_syscall)

/* exit never returns; if it did, stop here rather than run on. */
	.globl _exit
	.type _exit, @function
_exit:
	li	%r0, SYS_exit
	sc
	trap
	trap
	.size _exit, . - _exit

/*
 * void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset)
 * Our C code passes the 64-bit offset in r9:r10 (the SVR4 ABI starts a register pair at an
 * odd register); Darwin's ABI, and so the kernel's munge_wwwwwl, expect it in r8:r9.
 */
	.globl mmap
	.type mmap, @function
mmap:
	mr	%r8, %r9
	mr	%r9, %r10
	li	%r0, SYS_mmap
	sc
	b	cerror
	blr
	.size mmap, . - mmap

MACH_TRAP(mach_reply_port, 26)
MACH_TRAP(thread_self_trap, 27)
MACH_TRAP(task_self_trap, 28)
MACH_TRAP(host_self_trap, 29)
MACH_TRAP(mach_msg_trap, 31)
