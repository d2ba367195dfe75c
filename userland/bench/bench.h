/*
 * The benchmark workloads' common interface. Each workload file (compute-int.c, compute-fp.c)
 * defines bench_run and bench_name; bare-main.c and linux-main.c run it and report the checksum
 * in the same words, so ppcmac and qemu-ppc runs of the same workload can be compared.
 */
#ifndef USERLAND_BENCH_BENCH_H
#define USERLAND_BENCH_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* Runs the workload `iterations` times and returns the checksum of all the results. */
uint32_t bench_run(uint32_t iterations);
/* The workload's short name ("int", "fp"). */
extern const char bench_name[];

/* Starting value of every checksum (the FNV-1a offset basis). */
#define BENCH_CHECK_INIT 0x811C9DC5u

/* Folds `value` into the checksum `hash`: an FNV-1a style step, then high bits folded down. */
static inline uint32_t bench_mix(uint32_t hash, uint32_t value) {
  hash = (hash ^ value) * 0x01000193u;
  return hash ^ (hash >> 16);
}

/* The pseudo-random inputs: a linear congruential generator (Numerical Recipes constants). */
static inline uint32_t bench_lcg(uint32_t *state) {
  *state = *state * 1664525u + 1013904223u;
  return *state;
}

/* Writes "bench-<name>: checksum 0x<8 hex digits>\n" into `line` and returns its length. */
size_t bench_format_report(char line[64], uint32_t checksum);

#endif
