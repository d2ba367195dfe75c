/* The string and memory functions the kernel uses (libkern, osfmk/kern/misc_protos.h). */
#ifndef LIBKERN_STRING_H
#define LIBKERN_STRING_H

#include <stddef.h>

void *memset(void *destination, int value, size_t length);
void *memcpy(void *restrict destination, const void *restrict source, size_t length);
void *memmove(void *destination, const void *source, size_t length);
int memcmp(const void *left, const void *right, size_t length);
void bzero(void *destination, size_t length);
void bcopy(const void *source, void *destination, size_t length);
size_t strlen(const char *string);
int strcmp(const char *left, const char *right);
int strncmp(const char *left, const char *right, size_t length);

#endif
