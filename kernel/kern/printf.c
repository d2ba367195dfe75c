/*
 * printf for the kernel console (osfmk/kern/printf.c): %d %i %u %x %X %o %p %s %c %%, with the
 * flags '-' and '0', a field width, and the l / ll / z length modifiers. It formats on the
 * stack and writes byte by byte; it never allocates, so it is safe in any context.
 */
#include "kern/misc_protos.h"

#include <stdbool.h>

typedef void (*emit_fn)(char c, void *context);

static void emit_repeat(emit_fn emit, void *context, char c, int count) {
  while (count-- > 0) emit(c, context);
}

static int format(emit_fn emit, void *context, const char *fmt, va_list ap) {
  int written = 0;
  for (; *fmt != '\0'; fmt++) {
    if (*fmt != '%') {
      emit(*fmt, context);
      written++;
      continue;
    }
    fmt++;
    bool left = false, zero = false;
    for (;; fmt++) {
      if (*fmt == '-') left = true;
      else if (*fmt == '0') zero = true;
      else break;
    }
    int width = 0;
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    int longs = 0;
    while (*fmt == 'l') longs++, fmt++;
    if (*fmt == 'z') fmt++;

    char digits[24];
    int length = 0;
    const char *text = digits;
    bool negative = false;
    unsigned base = 10;
    bool upper = false;
    switch (*fmt) {
      case 'c':
        digits[0] = (char)va_arg(ap, int);
        length = 1;
        break;
      case 's':
        text = va_arg(ap, const char *);
        if (text == NULL) text = "(null)";
        length = (int)strlen(text);
        break;
      case 'p':
        emit('0', context);
        emit('x', context);
        written += 2;
        base = 16;
        zero = true;
        width = 8;
        goto unsigned_number;
      case 'X':
        upper = true;
        /* fall through */
      case 'x':
        base = 16;
        goto unsigned_number;
      case 'o':
        base = 8;
        goto unsigned_number;
      case 'u':
      unsigned_number: {
        unsigned long long value = longs >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
        char reversed[24];
        int n = 0;
        do {
          unsigned d = (unsigned)(value % base);
          reversed[n++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
          value /= base;
        } while (value != 0);
        while (n > 0) digits[length++] = reversed[--n];
        break;
      }
      case 'd':
      case 'i': {
        long long value = longs >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
        unsigned long long magnitude = value < 0 ? (unsigned long long)-(value + 1) + 1 : (unsigned long long)value;
        negative = value < 0;
        char reversed[24];
        int n = 0;
        do {
          reversed[n++] = (char)('0' + magnitude % 10);
          magnitude /= 10;
        } while (magnitude != 0);
        while (n > 0) digits[length++] = reversed[--n];
        break;
      }
      case '%':
        digits[0] = '%';
        length = 1;
        break;
      case '\0':
        return written;
      default:
        digits[0] = '%';
        digits[1] = *fmt;
        length = 2;
        break;
    }
    int pad = width - length - (negative ? 1 : 0);
    if (!left && !zero) emit_repeat(emit, context, ' ', pad);
    if (negative) emit('-', context);
    if (!left && zero) emit_repeat(emit, context, '0', pad);
    for (int i = 0; i < length; i++) emit(text[i], context);
    if (left) emit_repeat(emit, context, ' ', pad);
    written += length + (negative ? 1 : 0) + (pad > 0 ? pad : 0);
  }
  return written;
}

static void emit_console(char c, void *context) {
  (void)context;
  cnputc(c);
}

int vprintf(const char *fmt, va_list ap) {
  return format(emit_console, NULL, fmt, ap);
}

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

struct buffer_context {
  char *buffer;
  size_t size;
  size_t used;
};

static void emit_buffer(char c, void *context) {
  struct buffer_context *b = context;
  if (b->used + 1 < b->size) b->buffer[b->used] = c;
  b->used++;
}

int vsnprintf(char *buffer, size_t size, const char *fmt, va_list ap) {
  struct buffer_context b = {buffer, size, 0};
  int n = format(emit_buffer, &b, fmt, ap);
  if (size > 0) buffer[b.used < size ? b.used : size - 1] = '\0';
  return n;
}

int snprintf(char *buffer, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buffer, size, fmt, ap);
  va_end(ap);
  return n;
}
