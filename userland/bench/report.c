/* The one line both builds print, so the host can read the checksum from either. */
#include "bench.h"

static size_t append(char *line, size_t at, const char *text) {
  while (*text != '\0') line[at++] = *text++;
  return at;
}

size_t bench_format_report(char line[64], uint32_t checksum) {
  size_t at = append(line, 0, "bench-");
  at = append(line, at, bench_name);
  at = append(line, at, ": checksum 0x");
  for (int shift = 28; shift >= 0; shift -= 4) line[at++] = "0123456789abcdef"[(checksum >> shift) & 0xF];
  line[at++] = '\n';
  return at;
}
