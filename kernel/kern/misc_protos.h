/* Kernel-wide prototypes (osfmk/kern/misc_protos.h): console output, panic, assertions. */
#ifndef KERN_MISC_PROTOS_H
#define KERN_MISC_PROTOS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "libkern/string.h"

struct savearea;

/* Console output that never allocates memory: usable from any context, including real mode. */
int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *format, va_list arguments);
/* Formats into a buffer of `size` bytes (always NUL-terminated); returns the length wanted. */
int snprintf(char *buffer, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buffer, size_t size, const char *format, va_list arguments);

/* Prints the message, the registers and a backtrace, then powers the machine off. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *format, ...);
/* The same for a fault taken in an exception: registers and backtrace of the interrupted code. */
__attribute__((noreturn, format(printf, 2, 3))) void panic_with_state(const struct savearea *state, const char *format, ...);

#define assert(expression) \
  ((expression) ? (void)0 : panic("assertion failed: %s, file %s, line %d", #expression, __FILE__, __LINE__))

/* The board console and power register (ppc/serial_io.c). */
void cnputc(char c);
__attribute__((noreturn)) void halt_machine(uint32_t status);

/* Symbol lookup in the kernel's own ELF symbol table (kern/symbols.c). */
const char *symbol_lookup(uint32_t address, uint32_t *offset);
void symbols_init(uint32_t symtab, uint32_t symtab_size, uint32_t strtab, uint32_t strtab_size);

/* Kernel command line (kern/startup.c): value of `name=value`, or "" for a bare `name`, else NULL. */
const char *boot_arg(const char *name);

#endif
