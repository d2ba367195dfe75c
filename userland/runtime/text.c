/* The string and number helpers programs use beside memcpy and friends (userland/bare/string.c). */
#include "bsd.h"

size_t strlen(const char *string) {
  size_t length = 0;
  while (string[length] != 0) length++;
  return length;
}

int strcmp(const char *left, const char *right) {
  while (*left != 0 && *left == *right) {
    left++;
    right++;
  }
  return (unsigned char)*left - (unsigned char)*right;
}

int parse_number(const char *text, uint32_t *value) {
  unsigned base = 10;
  if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text += 2;
  }
  if (*text == 0) return -1;
  uint64_t result = 0;
  for (; *text != 0; text++) {
    unsigned digit;
    if (*text >= '0' && *text <= '9') digit = (unsigned)(*text - '0');
    else if (base == 16 && *text >= 'a' && *text <= 'f') digit = (unsigned)(*text - 'a' + 10);
    else if (base == 16 && *text >= 'A' && *text <= 'F') digit = (unsigned)(*text - 'A' + 10);
    else return -1;
    result = result * base + digit;
    if (result > 0xffffffffu) return -1;
  }
  *value = (uint32_t)result;
  return 0;
}
