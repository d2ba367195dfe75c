/*
 * Formatted output without allocation (include/print.h): characters collect in a buffer on the
 * stack that is written out with write(2) whenever it fills and at the end.
 */
#include "print.h"

#include <stdint.h>

#include "bsd.h"

#define BUFFER_SIZE 128

typedef struct {
  int fd;
  int length;
  int total;
  char bytes[BUFFER_SIZE];
} output_t;

static void flush(output_t *out) {
  int done = 0;
  while (done < out->length) {
    ssize_t written = write(out->fd, out->bytes + done, (size_t)(out->length - done));
    if (written <= 0) break;
    done += written;
  }
  out->length = 0;
}

static void put(output_t *out, char c) {
  if (out->length == BUFFER_SIZE) flush(out);
  out->bytes[out->length++] = c;
  out->total++;
}

/* Pads to `width` with `pad` on the left, then the text. */
static void put_padded(output_t *out, const char *text, int length, int width, char pad) {
  for (int i = length; i < width; i++) put(out, pad);
  for (int i = 0; i < length; i++) put(out, text[i]);
}

static void put_number(output_t *out, uint64_t value, unsigned base, int upper, int negative, int width, char pad) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char text[24];
  int at = (int)sizeof text;
  do {
    text[--at] = digits[value % base];
    value /= base;
  } while (value != 0);
  if (negative) {
    if (pad == '0') {
      put(out, '-');
      width--;
    } else {
      text[--at] = '-';
    }
  }
  put_padded(out, text + at, (int)sizeof text - at, width, pad);
}

int vprint_fd(int fd, const char *format, va_list arguments) {
  output_t out;
  out.fd = fd;
  out.length = 0;
  out.total = 0;
  for (const char *p = format; *p != 0; p++) {
    if (*p != '%') {
      put(&out, *p);
      continue;
    }
    const char *start = p++;
    char pad = ' ';
    if (*p == '0') {
      pad = '0';
      p++;
    }
    int width = 0;
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    int longs = 0;
    while (*p == 'l') {
      longs++;
      p++;
    }
    switch (*p) {
      case 'd':
      case 'i': {
        int64_t value = longs >= 2 ? va_arg(arguments, int64_t) : (int64_t)va_arg(arguments, int32_t);
        uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
        put_number(&out, magnitude, 10, 0, value < 0, width, pad);
        break;
      }
      case 'u':
      case 'x':
      case 'X': {
        uint64_t value = longs >= 2 ? va_arg(arguments, uint64_t) : (uint64_t)va_arg(arguments, uint32_t);
        put_number(&out, value, *p == 'u' ? 10 : 16, *p == 'X', 0, width, pad);
        break;
      }
      case 'p':
        put(&out, '0');
        put(&out, 'x');
        put_number(&out, (uintptr_t)va_arg(arguments, void *), 16, 0, 0, width, pad);
        break;
      case 'c': {
        char c = (char)va_arg(arguments, int);
        put_padded(&out, &c, 1, width, ' ');
        break;
      }
      case 's': {
        const char *text = va_arg(arguments, const char *);
        if (text == 0) text = "(null)";
        put_padded(&out, text, (int)strlen(text), width, ' ');
        break;
      }
      case '%':
        put(&out, '%');
        break;
      default:
        /* Not a conversion this printer knows: print it as it stands. */
        for (const char *q = start; q <= p && *q != 0; q++) put(&out, *q);
        if (*p == 0) p--;
        break;
    }
  }
  flush(&out);
  return out.total;
}

int print_fd(int fd, const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  int total = vprint_fd(fd, format, arguments);
  va_end(arguments);
  return total;
}

int print(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  int total = vprint_fd(1, format, arguments);
  va_end(arguments);
  return total;
}
