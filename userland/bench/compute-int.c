/*
 * The integer workload: a sieve of Eratosthenes, CRC-32 of pseudo-random bytes, a 16x16
 * integer matrix multiply and a heapsort. Each iteration seeds its inputs from the running
 * checksum, so the compiler can neither hoist work out of the loop nor drop an iteration.
 * test/bench/reference.ts recomputes the checksum on the host, independently.
 */
#include "bench.h"

#define SIEVE_SIZE 8192
#define CRC_BYTES 2048
#define MATRIX_N 16
#define SORT_COUNT 256

const char bench_name[] = "int";

static uint8_t composite[SIEVE_SIZE];
static uint32_t crc_table[256];
static uint8_t crc_data[CRC_BYTES];
static int32_t matrix_a[MATRIX_N][MATRIX_N];
static int32_t matrix_b[MATRIX_N][MATRIX_N];
static int32_t matrix_c[MATRIX_N][MATRIX_N];
static uint32_t sort_data[SORT_COUNT];

/* The primes below `limit`: their count and their sum, mixed. */
static uint32_t sieve(uint32_t limit) {
  uint32_t count = 0, sum = 0;
  for (uint32_t i = 0; i < limit; i++) composite[i] = 0;
  for (uint32_t p = 2; p < limit; p++) {
    if (composite[p]) continue;
    count++;
    sum += p;
    for (uint32_t multiple = p * p; multiple < limit; multiple += p) composite[multiple] = 1;
  }
  return bench_mix(count, sum);
}

/* The table for the reflected CRC-32 polynomial 0xEDB88320 (IEEE 802.3). */
static void crc_table_init(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int bit = 0; bit < 8; bit++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
}

/* CRC-32 of CRC_BYTES bytes, each the top byte of the next LCG value. */
static uint32_t crc32_random(uint32_t seed) {
  uint32_t state = seed;
  for (uint32_t i = 0; i < CRC_BYTES; i++) crc_data[i] = (uint8_t)(bench_lcg(&state) >> 24);
  uint32_t crc = 0xFFFFFFFFu;
  for (uint32_t i = 0; i < CRC_BYTES; i++) crc = crc_table[(crc ^ crc_data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

/* C = A x B for matrices of small signed values, then every element of C mixed in row order. */
static uint32_t matrix_multiply(uint32_t seed) {
  uint32_t state = seed;
  for (int i = 0; i < MATRIX_N; i++) {
    for (int j = 0; j < MATRIX_N; j++) {
      matrix_a[i][j] = (int32_t)(bench_lcg(&state) >> 24) - 128;
      matrix_b[i][j] = (int32_t)(bench_lcg(&state) >> 24) - 128;
    }
  }
  for (int i = 0; i < MATRIX_N; i++) {
    for (int j = 0; j < MATRIX_N; j++) {
      int32_t sum = 0;
      for (int k = 0; k < MATRIX_N; k++) sum += matrix_a[i][k] * matrix_b[k][j];
      matrix_c[i][j] = sum;
    }
  }
  uint32_t hash = 0;
  for (int i = 0; i < MATRIX_N; i++) {
    for (int j = 0; j < MATRIX_N; j++) hash = bench_mix(hash, (uint32_t)matrix_c[i][j]);
  }
  return hash;
}

/* Restores the max-heap property below `root` in a[0 .. end). */
static void sift_down(uint32_t *a, uint32_t root, uint32_t end) {
  for (;;) {
    uint32_t child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && a[child + 1] > a[child]) child++;
    if (a[root] >= a[child]) return;
    uint32_t swap = a[root];
    a[root] = a[child];
    a[child] = swap;
    root = child;
  }
}

/* Heapsorts SORT_COUNT LCG values ascending, then mixes each with its position. */
static uint32_t heap_sort(uint32_t seed) {
  uint32_t state = seed;
  for (uint32_t i = 0; i < SORT_COUNT; i++) sort_data[i] = bench_lcg(&state);
  for (uint32_t start = SORT_COUNT / 2; start-- > 0;) sift_down(sort_data, start, SORT_COUNT);
  for (uint32_t end = SORT_COUNT - 1; end > 0; end--) {
    uint32_t largest = sort_data[0];
    sort_data[0] = sort_data[end];
    sort_data[end] = largest;
    sift_down(sort_data, 0, end);
  }
  uint32_t hash = 0;
  for (uint32_t i = 0; i < SORT_COUNT; i++) hash = bench_mix(hash, sort_data[i] ^ i);
  return hash;
}

uint32_t bench_run(uint32_t iterations) {
  uint32_t check = BENCH_CHECK_INIT;
  crc_table_init();
  for (uint32_t i = 0; i < iterations; i++) {
    uint32_t seed = check + i;
    check = bench_mix(check, sieve(SIEVE_SIZE - (seed & 0xFF)));
    check = bench_mix(check, crc32_random(seed));
    check = bench_mix(check, matrix_multiply(seed ^ 0x9E3779B9u));
    check = bench_mix(check, heap_sort(seed ^ 0x7F4A7C15u));
  }
  return check;
}
