/*
 * The benchmark as a static Linux program for qemu-ppc: `bench-<name>-linux.elf ITERATIONS`
 * runs the workload, prints the same report line as the bare-metal image and exits with the
 * checksum's low byte.
 */
#include "bench.h"

long linux_write(int fd, const void *buffer, size_t length);
uint32_t linux_main(const uint32_t *initial_stack);

/* Decimal digits to a number; 0 when `text` is not a plain decimal number. */
static uint32_t parse_decimal(const char *text) {
  uint32_t value = 0;
  if (*text == '\0') return 0;
  for (; *text != '\0'; text++) {
    if (*text < '0' || *text > '9') return 0;
    value = value * 10 + (uint32_t)(*text - '0');
  }
  return value;
}

uint32_t linux_main(const uint32_t *initial_stack) {
  uint32_t argc = initial_stack[0];
  char *const *argv = (char *const *)(initial_stack + 1);
  uint32_t iterations = argc > 1 ? parse_decimal(argv[1]) : 1;
  if (iterations == 0) {
    static const char usage[] = "usage: bench-linux.elf ITERATIONS (a positive decimal number)\n";
    linux_write(2, usage, sizeof usage - 1);
    return 2;
  }
  uint32_t checksum = bench_run(iterations);
  char line[64];
  linux_write(1, line, bench_format_report(line, checksum));
  return checksum;
}
