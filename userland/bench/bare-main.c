/* The benchmark as a bare-metal image: runs the workload, prints the checksum, exits with it. */
#include "../bare/board.h"
#include "bench.h"

/*
 * How many iterations to run. The host benchmark (bench/bare-run.ts) overwrites this word
 * after loading the image; run on its own, the image does one iteration.
 */
volatile uint32_t bench_iterations = 1;

#ifdef BENCH_MMU
void mmu_enable(void); /* mmu-setup.c */
#endif

int main(void) {
#ifdef BENCH_MMU
  mmu_enable();
#endif
  uint32_t checksum = bench_run(bench_iterations);
  char line[64];
  console_write(line, bench_format_report(line, checksum));
  return (int)checksum;
}
