/*
 * The BSD side of the user ABI (docs/user-abi.md §2): the system calls the runtime makes with
 * `sc` and r0 > 0, Darwin's numbers and errno values, and the start-up state crt0 hands to main.
 */
#ifndef USERLAND_RUNTIME_BSD_H
#define USERLAND_RUNTIME_BSD_H

/* System call numbers (xnu bsd/kern/syscalls.master). */
#define SYS_syscall 0 /* indirect: the number in r3, the arguments from r4 */
#define SYS_exit 1
#define SYS_read 3
#define SYS_write 4
#define SYS_getpid 20
#define SYS_munmap 73
#define SYS_mmap 197

/* Darwin errno values (sys/errno.h); ENOSYS differs from Linux's 38. */
#define EPERM 1
#define EBADF 9
#define ENOMEM 12
#define EFAULT 14
#define EINVAL 22
#define ENOSYS 78

/* mmap (sys/mman.h, Darwin values). */
#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x0001
#define MAP_PRIVATE 0x0002
#define MAP_FIXED 0x0010
#define MAP_ANON 0x1000
#define MAP_FAILED ((void *)-1)

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

typedef int32_t ssize_t;
typedef int64_t off_t;
typedef int32_t pid_t;

/* Set by every failing system call stub; never cleared by a successful one (as in C). */
extern int errno;
/* The environment crt0 found on the stack. */
extern char **environ;

__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _exit(int status);
ssize_t read(int fd, void *buffer, size_t length);
ssize_t write(int fd, const void *buffer, size_t length);
pid_t getpid(void);
void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset);
int munmap(void *address, size_t length);
/* The indirect system call (number 0): any call by number, up to six word arguments. */
int syscall(int number, ...);

size_t strlen(const char *string);
int strcmp(const char *left, const char *right);
void *memset(void *destination, int value, size_t length);
void *memcpy(void *restrict destination, const void *restrict source, size_t length);
int memcmp(const void *left, const void *right, size_t length);

/*
 * Parses an unsigned number in decimal, or in hex with a 0x prefix. Returns 0 and stores it on
 * success, -1 when the text is not a number or does not fit in 32 bits.
 */
int parse_number(const char *text, uint32_t *value);

/* The program: Darwin passes a fourth argument, the "apple" vector (the exec path, NULL). */
int main(int argc, char **argv, char **envp, char **apple);
#endif

#endif
