/* Console channels (kern/console_channel.h). */
#include "kern/console_channel.h"

#include <stdarg.h>
#include "kern/misc_protos.h"

void console_channel_write(char channel, const void *data, size_t length) {
  const unsigned char *bytes = data;
  cnputc(CONSOLE_DLE);
  cnputc(channel);
  for (size_t i = 0; i < length; i++) {
    if (bytes[i] == CONSOLE_DLE) cnputc(CONSOLE_DLE);
    cnputc((char)bytes[i]);
  }
  cnputc(CONSOLE_DLE);
  cnputc(CHANNEL_KERNEL);
}

void task_report(const char *format, ...) {
  char line[256];
  va_list arguments;
  va_start(arguments, format);
  int length = vsnprintf(line, sizeof line, format, arguments);
  va_end(arguments);
  if (length < 0) return;
  if ((size_t)length >= sizeof line) length = sizeof line - 1;
  console_channel_write(CHANNEL_REPORT, line, (size_t)length);
}
