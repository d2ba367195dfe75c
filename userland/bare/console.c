/* Printing on the board console and powering off: the bare-metal print helper. */
#include "board.h"

static volatile uint8_t *const console_tx = (volatile uint8_t *)(BOARD_BASE + BOARD_CONSOLE_TX_OFFSET);
static volatile uint32_t *const power = (volatile uint32_t *)(BOARD_BASE + BOARD_POWER_OFFSET);

void console_putc(char c) {
  *console_tx = (uint8_t)c;
}

void console_write(const char *bytes, size_t length) {
  for (size_t i = 0; i < length; i++) console_putc(bytes[i]);
}

void console_puts(const char *string) {
  while (*string != '\0') console_putc(*string++);
}

void board_power_off(uint32_t status) {
  *power = status;
  for (;;) {
  }
}
