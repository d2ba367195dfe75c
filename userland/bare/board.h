/*
 * The board's registers as bare-metal guest code sees them (board/devices.ts, docs/board.md).
 * Usable from C and from assembly.
 */
#ifndef USERLAND_BARE_BOARD_H
#define USERLAND_BARE_BOARD_H

#define BOARD_BASE 0xF0000000
/* Writing a byte prints it on the host's stdout. */
#define BOARD_CONSOLE_TX_OFFSET 0x00
/* Writing a word powers the machine off; the word becomes the exit status. */
#define BOARD_POWER_OFFSET 0x04
#define BOARD_CONSOLE_RX_OFFSET 0x08
#define BOARD_CONSOLE_RX_STATUS_OFFSET 0x0C
#define BOARD_TIMEBASE_FREQUENCY_OFFSET 0x10

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

void console_putc(char c);
void console_write(const char *bytes, size_t length);
void console_puts(const char *string);
/* Powers the machine off with `status` as the exit status. */
__attribute__((noreturn)) void board_power_off(uint32_t status);
#endif

#endif
