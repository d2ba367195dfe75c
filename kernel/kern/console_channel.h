/*
 * Console channels (docs/tasks.md): the board has one console, and ppcmac run must give the
 * program's stdout and stderr to the host separately from the kernel's own messages. The kernel
 * writes a two-byte switch, DLE (0x10) and a channel digit, before bytes for another channel, and
 * doubles a DLE in the data. Everything else the kernel prints goes to the kernel channel.
 */
#ifndef KERN_CONSOLE_CHANNEL_H
#define KERN_CONSOLE_CHANNEL_H

#include <stddef.h>

#define CONSOLE_DLE 0x10
#define CHANNEL_KERNEL '0'
#define CHANNEL_STDOUT '1'
#define CHANNEL_STDERR '2'
#define CHANNEL_REPORT '3' /* one "ppcmac-task: ..." line per fact, for the host */

/* Writes `length` bytes to a channel, then switches back to the kernel channel. */
void console_channel_write(char channel, const void *data, size_t length);
/* printf to the report channel. */
void task_report(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
