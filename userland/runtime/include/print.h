/*
 * A small formatted print that never allocates: the text goes out through write(2) from a
 * buffer on the stack, as 10.4's _simple_printf family does.
 *
 * Conversions: %d %i %u %x %X %c %s %p %% with an optional '0' flag, field width and 'l' or
 * 'll' length (ll for 64-bit values, e.g. mach_vm_address_t). Anything else prints literally.
 */
#ifndef USERLAND_RUNTIME_PRINT_H
#define USERLAND_RUNTIME_PRINT_H

#include <stdarg.h>

int print_fd(int fd, const char *format, ...) __attribute__((format(printf, 2, 3)));
int vprint_fd(int fd, const char *format, va_list arguments);
/* To stdout (fd 1). */
int print(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
