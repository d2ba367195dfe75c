/*
 * The floating-point workload, in double precision with hardware FP: a 12x12 matrix multiply
 * and two series sums (Leibniz's for pi/4, the Basel problem's for pi^2/6). Built with
 * -ffp-contract=off, so every operation is one correctly rounded IEEE 754 operation and the
 * host's reference (test/bench/reference.ts) can recompute the checksum exactly.
 */
#include "bench.h"

#define MATRIX_N 12
#define SERIES_TERMS 1000

const char bench_name[] = "fp";

static double matrix_a[MATRIX_N][MATRIX_N];
static double matrix_b[MATRIX_N][MATRIX_N];
static double matrix_c[MATRIX_N][MATRIX_N];

/* Mixes both words of a double's IEEE 754 encoding, high word first. */
static uint32_t mix_double(uint32_t hash, double value) {
  union {
    double value;
    uint32_t words[2];
  } bits = {.value = value};
  return bench_mix(bench_mix(hash, bits.words[0]), bits.words[1]);
}

/* C = A x B for matrices of LCG-derived values in [-8, 8) and [-4, 4); mixes the trace and a weighted sum. */
static uint32_t matrix_multiply(uint32_t seed) {
  uint32_t state = seed;
  for (int i = 0; i < MATRIX_N; i++) {
    for (int j = 0; j < MATRIX_N; j++) {
      matrix_a[i][j] = (double)((int32_t)(bench_lcg(&state) >> 20) - 2048) / 256.0;
      matrix_b[i][j] = (double)((int32_t)(bench_lcg(&state) >> 20) - 2048) / 512.0;
    }
  }
  for (int i = 0; i < MATRIX_N; i++) {
    for (int j = 0; j < MATRIX_N; j++) {
      double sum = 0.0;
      for (int k = 0; k < MATRIX_N; k++) sum += matrix_a[i][k] * matrix_b[k][j];
      matrix_c[i][j] = sum;
    }
  }
  double trace = 0.0, weighted = 0.0;
  for (int i = 0; i < MATRIX_N; i++) {
    trace += matrix_c[i][i];
    for (int j = 0; j < MATRIX_N; j++) weighted += matrix_c[i][j] * (double)(i * MATRIX_N + j + 1) / 7.0;
  }
  uint32_t hash = mix_double(mix_double(0, trace), weighted);
  return bench_mix(hash, (uint32_t)(int32_t)weighted);
}

/* SERIES_TERMS terms of both series from a seed-dependent first term. */
static uint32_t series(uint32_t seed) {
  uint32_t first = 1 + (seed & 0xF);
  double leibniz = 0.0, basel = 0.0, sign = 1.0;
  for (uint32_t k = first; k < first + SERIES_TERMS; k++) {
    double x = (double)k;
    leibniz += sign / (2.0 * x - 1.0);
    basel += 1.0 / (x * x);
    sign = -sign;
  }
  uint32_t hash = mix_double(mix_double(0, leibniz), basel);
  return bench_mix(hash, (uint32_t)(int32_t)(leibniz * 1.0e9));
}

uint32_t bench_run(uint32_t iterations) {
  uint32_t check = BENCH_CHECK_INIT;
  for (uint32_t i = 0; i < iterations; i++) {
    uint32_t seed = check + i;
    check = bench_mix(check, matrix_multiply(seed));
    check = bench_mix(check, series(seed));
  }
  return check;
}
