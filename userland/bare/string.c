/*
 * The four functions a freestanding C program must provide (GCC emits calls to them for
 * structure copies and for loops it recognises as clearing or copying memory).
 */
#include <stddef.h>

void *memset(void *destination, int value, size_t length) {
  unsigned char *d = destination;
  while (length-- > 0) *d++ = (unsigned char)value;
  return destination;
}

void *memcpy(void *restrict destination, const void *restrict source, size_t length) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  while (length-- > 0) *d++ = *s++;
  return destination;
}

void *memmove(void *destination, const void *source, size_t length) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  if (d < s) {
    while (length-- > 0) *d++ = *s++;
  } else {
    while (length-- > 0) d[length] = s[length];
  }
  return destination;
}

int memcmp(const void *left, const void *right, size_t length) {
  const unsigned char *l = left;
  const unsigned char *r = right;
  for (size_t i = 0; i < length; i++) {
    if (l[i] != r[i]) return l[i] < r[i] ? -1 : 1;
  }
  return 0;
}
