/*
 * Memory and string functions for the freestanding kernel. GCC also emits calls to memset,
 * memcpy and memmove for structure copies and recognised loops, so these must exist.
 */
#include "libkern/string.h"

#include <stdint.h>

void *memset(void *destination, int value, size_t length) {
  unsigned char *d = destination;
  while (length-- > 0) *d++ = (unsigned char)value;
  return destination;
}

void *memcpy(void *restrict destination, const void *restrict source, size_t length) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  /* Word copies when both are aligned: the kernel copies savearea-sized blocks often. */
  if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
    for (; length >= 4; length -= 4, d += 4, s += 4) *(uint32_t *)(void *)d = *(const uint32_t *)(const void *)s;
  }
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

void bzero(void *destination, size_t length) {
  memset(destination, 0, length);
}

void bcopy(const void *source, void *destination, size_t length) {
  memmove(destination, source, length);
}

size_t strlen(const char *string) {
  size_t length = 0;
  while (string[length] != '\0') length++;
  return length;
}

int strcmp(const char *left, const char *right) {
  while (*left != '\0' && *left == *right) left++, right++;
  return (unsigned char)*left - (unsigned char)*right;
}

int strncmp(const char *left, const char *right, size_t length) {
  for (; length > 0; length--, left++, right++) {
    if (*left != *right) return (unsigned char)*left - (unsigned char)*right;
    if (*left == '\0') return 0;
  }
  return 0;
}
