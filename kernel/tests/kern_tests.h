/*
 * The in-kernel self-test suite (docs/kernel.md): each test is a function; the runner prints
 * one line per test, "PASS name" or "FAIL name: first failure", and finally "N passed, M
 * failed". Expected values are computed in the tests from the rules of xnu-vm-ppc.md and the
 * machine's RAM size, never copied from an earlier run.
 */
#ifndef TESTS_KERN_TESTS_H
#define TESTS_KERN_TESTS_H

#include <stdint.h>
#include "kern/misc_protos.h"
#include "mach/vm_types.h"

struct kern_test {
  const char *name;
  void (*run)(void);
};

void kt_fail(const char *file, int line, const char *format, ...) __attribute__((format(printf, 3, 4)));
/* Whether the current test has failed so far. */
int kt_failed(void);
/* Informational line for people and the host-side tests ("# ..."). */
void kt_note(const char *format, ...) __attribute__((format(printf, 1, 2)));

#define T_EXPECT(cond)                                                   \
  do {                                                                   \
    if (!(cond)) kt_fail(__FILE__, __LINE__, "expected %s", #cond);      \
  } while (0)

#define T_ASSERT(cond)                                                   \
  do {                                                                   \
    if (!(cond)) {                                                       \
      kt_fail(__FILE__, __LINE__, "expected %s", #cond);                 \
      return;                                                            \
    }                                                                    \
  } while (0)

#define T_EXPECT_EQ(actual, expected)                                                                        \
  do {                                                                                                       \
    unsigned long long actual_ = (unsigned long long)(actual), expected_ = (unsigned long long)(expected);    \
    if (actual_ != expected_) {                                                                              \
      kt_fail(__FILE__, __LINE__, "%s is 0x%llx, expected %s = 0x%llx", #actual, actual_, #expected, expected_); \
    }                                                                                                        \
  } while (0)

#define T_ASSERT_EQ(actual, expected)                                                                        \
  do {                                                                                                       \
    unsigned long long actual_ = (unsigned long long)(actual), expected_ = (unsigned long long)(expected);    \
    if (actual_ != expected_) {                                                                              \
      kt_fail(__FILE__, __LINE__, "%s is 0x%llx, expected %s = 0x%llx", #actual, actual_, #expected, expected_); \
      return;                                                                                                \
    }                                                                                                        \
  } while (0)

/* --- helpers (tests/kt_support.c) --- */

uint32_t phys_read32(uint32_t physical);
void phys_write32(uint32_t physical, uint32_t value);
/* Fills / checks a physical page with a pattern derived from `seed`. */
void phys_fill_page(ppnum_t pn, uint32_t seed);
int phys_page_has_pattern(ppnum_t pn, uint32_t seed);
int phys_page_is_zero(ppnum_t pn);

/*
 * Kernel loads and stores through translation. They may take a fault whose handler changes
 * memory behind the compiler's back (counters, tables), hence the compiler barriers.
 */
static inline uint32_t kt_load(vm_offset_t va) {
  __asm__ volatile("" : : : "memory");
  uint32_t value = *(volatile uint32_t *)va;
  __asm__ volatile("" : : : "memory");
  return value;
}
static inline void kt_store(vm_offset_t va, uint32_t value) {
  __asm__ volatile("" : : : "memory");
  *(volatile uint32_t *)va = value;
  __asm__ volatile("" : : : "memory");
}

/* The PTE the hardware would find for a kernel address, computed here from the OEA rules (SR,
   SDR1, primary hash, PTEG scan): its physical address, or 0. */
uint32_t kt_pte_for(vm_offset_t va);
/* Primary PTEG number of (vsid, va), from the OEA hash and the table size in SDR1. */
uint32_t kt_pteg_number(uint32_t vsid, vm_offset_t va);
uint32_t kt_pteg_count(void);
uint32_t kt_htab_base(void);

/* A copy of a map's entries, to prove an operation left the map exactly as it was. */
struct map_snapshot_entry {
  uint32_t start, end;
  void *object;
  uint64_t offset;
  unsigned int protection, wired_count;
};
#define MAP_SNAPSHOT_MAX 512
struct map_snapshot {
  int count;
  uint32_t size;
  struct map_snapshot_entry entries[MAP_SNAPSHOT_MAX];
};
struct vm_map;
void map_snapshot_take(struct vm_map *map, struct map_snapshot *snapshot);
int map_snapshot_equal(const struct map_snapshot *a, const struct map_snapshot *b);

/* First fit by address from the map's minimum, with an alignment mask: the model of §3.2. Returns 0 if nothing fits. */
uint32_t model_first_fit(struct vm_map *map, uint32_t size, uint32_t mask);

/*
 * Makes sure the next few vm_object allocations come from free zone elements, so a test that
 * compares the map or free_count before and after is not disturbed by the zone growing (which
 * takes a page and a kernel_map range, as it would in xnu).
 */
void kt_prime_zones(void);

/* Pages the kernel has taken from the free list for itself (zone growth, mapping blocks). */
unsigned int kt_internal_pages(void);

#endif
