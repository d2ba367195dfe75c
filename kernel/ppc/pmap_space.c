/*
 * Task pmaps (osfmk/ppc/pmap.c pmap_create / pmap_destroy, hw_exception.s switchSegs; spec §4.3):
 * every task has its own address-space id, from which its VSIDs come; the kernel runs in space 0
 * with its own segment registers, and all 16 segment registers are reloaded on every transition
 * between kernel and user segments.
 *
 * The pmap structures live in a static pool in the kernel's data (mapped V=R), because the
 * real-mode fault handler reads them with translation off (xnu reaches them through pmapTrans).
 */
#include "ppc/pmap_space.h"

#include "kern/misc_protos.h"
#include "ppc/exception.h"
#include "ppc/proc_reg.h"

#define PMAP_POOL_SIZE 16
/* pmap_destroy keeps up to this many freed pmaps (with their space ids) for reuse (§4.3). */
#define PMAP_FREE_CACHE 33

static struct pmap pmap_pool[PMAP_POOL_SIZE];
static boolean_t pmap_pool_used[PMAP_POOL_SIZE];
/* Freed pmaps, most recent last (LIFO). */
static struct pmap *pmap_free_list[PMAP_POOL_SIZE];
static unsigned int pmap_free_count;
/* Sequence numbers in use (bit n for spaceNum n), the kernel's 0 included. */
static uint32_t pmap_sequence_used[(PMAP_POOL_SIZE + 64) / 32];
#define SEQUENCE_LIMIT ((uint32_t)sizeof pmap_sequence_used * 8)

static boolean_t sequence_used(uint32_t n) {
  return (pmap_sequence_used[n / 32] & (1u << (n % 32))) != 0;
}

static void sequence_mark(uint32_t n, boolean_t used) {
  if (used) pmap_sequence_used[n / 32] |= 1u << (n % 32);
  else pmap_sequence_used[n / 32] &= ~(1u << (n % 32));
}

/*
 * pmap_create: the most recently freed pmap if there is one (it keeps its space id), else a new
 * one with the smallest unused sequence number above the kernel's, skipping a number whose space
 * would be invalSpace; space = spaceNum * incrVSID, 14 bits.
 */
pmap_t pmap_create(void) {
  sequence_mark(0, TRUE);
  pmap_t pmap = NULL;
  if (pmap_free_count > 0) {
    pmap = pmap_free_list[--pmap_free_count];
  } else {
    for (unsigned int i = 0; i < PMAP_POOL_SIZE && pmap == NULL; i++) {
      if (!pmap_pool_used[i]) {
        pmap_pool_used[i] = TRUE;
        pmap = &pmap_pool[i];
      }
    }
    if (pmap == NULL) return NULL;
    uint32_t n = 1;
    while (n < SEQUENCE_LIMIT && (sequence_used(n) || ((n * incrVSID) & 0x3FFF) == invalSpace)) n++;
    if (n == SEQUENCE_LIMIT) panic("pmap_create: no sequence number left");
    uint32_t msr = ml_set_physical_disabled();
    bzero(pmap, sizeof *pmap);
    pmap->spaceNum = n;
    pmap->space = (n * incrVSID) & 0x3FFF;
    pmap->pmapFlags = PMAP_DEFAULT_FLAGS;
    pmap->pmapRandNum = 0x2545F491u ^ n; /* deterministic skip-list levels */
    ml_restore(msr);
    sequence_mark(n, TRUE);
  }
  uint32_t msr = ml_set_physical_disabled();
  pmap->ref_count = 1;
  pmap->pmapSegsValid = 0;
  pmap->stats.resident_count = 0;
  pmap->stats.wired_count = 0;
  ml_restore(msr);
  return pmap;
}

/* pmap_destroy: the last reference removes every mapping (their PTEs with them) and caches the pmap. */
void pmap_destroy(pmap_t pmap) {
  if (pmap == NULL || pmap == kernel_pmap) return;
  if (--pmap->ref_count > 0) return;
  pmap_remove(pmap, 0, 0xFFFFFFFFu);
  if (pmap->stats.resident_count != 0) panic("pmap_destroy: %u mappings left", pmap->stats.resident_count);
  struct per_proc_info *pp = getPerProc();
  if (pp->user_pmap == pmap) pp->user_pmap = NULL;
  if (pmap_free_count < PMAP_FREE_CACHE && pmap_free_count < PMAP_POOL_SIZE) {
    pmap_free_list[pmap_free_count++] = pmap;
  } else {
    sequence_mark(pmap->spaceNum, FALSE);
    pmap_pool_used[pmap - pmap_pool] = FALSE;
  }
}

/*
 * switchSegs (real mode): loads all 16 segment registers for `pmap`, its valid segments with
 * their values and every other one with invalSpace. A segment that is not valid yet is loaded by
 * handlePF on its first miss.
 */
static void switch_segments(pmap_t pmap) {
  for (uint32_t segment = 0; segment < 16; segment++) {
    boolean_t valid = (pmap->pmapSegsValid & (0x80000000u >> segment)) != 0;
    mtsrin(valid ? pmap_segment_register(pmap, segment) : invalSpace, segment << 28);
  }
  isync();
}

void switch_to_kernel_segments(void) {
  struct per_proc_info *pp = getPerProc();
  switch_segments(kernel_pmap);
  pp->user_segments = 0;
  pp->user_window_segment = USER_WINDOW_NONE;
}

void switch_to_user_segments(void) {
  struct per_proc_info *pp = getPerProc();
  if (pp->user_pmap == NULL) panic("switch_to_user_segments: no user pmap");
  switch_segments(pp->user_pmap);
  pp->user_segments = 1;
  pp->user_window_segment = USER_WINDOW_NONE;
}

/* Makes `pmap` the user address space of the processor (at exec). */
void pmap_activate_user(pmap_t pmap) {
  getPerProc()->user_pmap = pmap;
}
