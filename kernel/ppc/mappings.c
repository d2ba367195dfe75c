/*
 * Mappings (osfmk/ppc/mappings.c and the skip-list code of hw_vm.s, spec §4.1, §4.5): the
 * sorted per-pmap skip list, the per-page alias chains, and the pool of mapping structures.
 *
 * The skip list follows xnu's shape (a mapping is on 1 to MAPPING_LISTS lists, each list a
 * quarter as dense as the one below) with a deterministic level generator, so every run
 * builds the same lists.
 */
#include "ppc/mappings.h"

#include "kern/misc_protos.h"
#include "kern/thread.h"
#include "mach/vm_param.h"
#include "ppc/pmap.h"
#include "ppc/proc_reg.h"
#include "vm/vm_page.h"

struct mem_region pmap_mem_regions[PMAP_MEM_REGION_MAX];
unsigned int pmap_mem_regions_count;
uint32_t incrVSID;

/* The free mappings, singly linked through mpAlias. */
static struct mapping *mapping_free_list;
unsigned int mapping_free_count;
/* Physical pages turned into mapping blocks since boot. */
unsigned int mapping_block_pages;
/* pmap_enter never starts with fewer free mappings than this (one for itself, with margin). */
#define MAPPING_LOW_WATER 8

/* Number of significant bits of x. */
static unsigned int significant_bits(uint32_t x) {
  unsigned int bits = 0;
  while (x != 0) bits++, x >>= 1;
  return bits;
}

void mapping_init(vm_offset_t pool, unsigned int count) {
  /* incrVSID = 2^((B+1)/2) | 2^((B+1)/4) | 1, B = significant bits of the HTAB size (§4.3). */
  unsigned int b = significant_bits(hash_table_size);
  incrVSID = (1u << ((b + 1) / 2)) | (1u << ((b + 1) / 4)) | 1;

  struct mapping *mappings = (struct mapping *)pool;
  mapping_free_list = NULL;
  mapping_free_count = 0;
  for (unsigned int i = count; i > 0; i--) mapping_free(&mappings[i - 1]);
}

struct mapping *mapping_alloc(void) {
  struct mapping *mp = mapping_free_list;
  if (mp == NULL) panic("mapping_alloc: no free mappings");
  mapping_free_list = mp->mpAlias;
  mapping_free_count--;
  bzero(mp, sizeof *mp);
  return mp;
}

void mapping_free(struct mapping *mp) {
  mp->mpAlias = mapping_free_list;
  mapping_free_list = mp;
  mapping_free_count++;
}

/*
 * Turns a whole physical page into mappings when the pool runs low (xnu's mapping_adjust,
 * which does this ahead of need from a thread with VM privilege). The page is wired and never
 * given back.
 */
void mapping_replenish(void) {
  if (mapping_free_count >= MAPPING_LOW_WATER) return;
  thread_t self = current_thread();
  int options = self->options;
  self->options |= TH_OPT_VMPRIV;
  vm_page_t page = vm_page_grab();
  self->options = options;
  if (page == VM_PAGE_NULL) panic("mapping_replenish: no page for a mapping block");
  vm_page_wire(page);
  mapping_block_pages++;
  uint32_t msr = ml_set_physical_disabled();
  struct mapping *block = (struct mapping *)ptoa(page->phys_page);
  for (unsigned int i = PAGE_SIZE / sizeof(struct mapping); i > 0; i--) mapping_free(&block[i - 1]);
  ml_restore(msr);
}

struct phys_entry *mapping_phys_lookup(ppnum_t pn) {
  for (unsigned int i = 0; i < pmap_mem_regions_count; i++) {
    struct mem_region *r = &pmap_mem_regions[i];
    if (pn >= r->mrStart && pn <= r->mrEnd) return &r->mrPhysTab[pn - r->mrStart];
  }
  return NULL;
}

/* Level of a new mapping: 1, then one more with probability 1/4 each time (xorshift32 state in the pmap). */
static unsigned int mapping_level(struct pmap *pmap) {
  uint32_t x = pmap->pmapRandNum;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  pmap->pmapRandNum = x;
  unsigned int level = 1;
  while (level < MAPPING_LISTS && (x & 3) == 0) level++, x >>= 2;
  return level;
}

/*
 * For each list, the last mapping whose address is below `va` (NULL: the list head). Returns
 * the mapping at or below `va` found on the bottom list, or NULL.
 */
static struct mapping *mapping_search(struct pmap *pmap, uint32_t va, struct mapping **previous) {
  struct mapping *candidate = NULL;
  for (int level = (int)pmap->pmapCurLists - 1; level >= 0; level--) {
    struct mapping *next = candidate != NULL ? candidate->mpList[level] : pmap->pmapSkipLists[level];
    while (next != NULL && mapping_va(next) < va) {
      candidate = next;
      next = next->mpList[level];
    }
    if (previous != NULL) previous[level] = candidate;
  }
  return candidate;
}

static inline struct mapping *next_on_list(struct pmap *pmap, struct mapping *previous, int level) {
  return previous != NULL ? previous->mpList[level] : pmap->pmapSkipLists[level];
}

struct mapping *mapping_find(struct pmap *pmap, uint32_t va) {
  struct mapping *below = mapping_search(pmap, va, NULL);
  struct mapping *next = next_on_list(pmap, below, 0);
  if (next != NULL && mapping_va(next) == va) return next;
  if (below != NULL && va - mapping_va(below) < mapping_size(below)) return below;
  return NULL;
}

struct mapping *mapping_insert(struct pmap *pmap, struct mapping *mp) {
  struct mapping *previous[MAPPING_LISTS];
  uint32_t va = mapping_va(mp);
  for (unsigned int level = 0; level < MAPPING_LISTS; level++) previous[level] = NULL;
  struct mapping *below = mapping_search(pmap, va, previous);
  if (below != NULL && va - mapping_va(below) < mapping_size(below)) return below;
  struct mapping *next = next_on_list(pmap, below, 0);
  if (next != NULL && mapping_va(next) - va < mapping_size(mp)) return next;

  unsigned int lists = mapping_level(pmap);
  if (lists > pmap->pmapCurLists) {
    for (unsigned int level = pmap->pmapCurLists; level < lists; level++) previous[level] = NULL;
    pmap->pmapCurLists = lists;
  }
  for (unsigned int level = 0; level < lists; level++) {
    if (previous[level] != NULL) {
      mp->mpList[level] = previous[level]->mpList[level];
      previous[level]->mpList[level] = mp;
    } else {
      mp->mpList[level] = pmap->pmapSkipLists[level];
      pmap->pmapSkipLists[level] = mp;
    }
  }
  mp->mpFlags = (mp->mpFlags & ~mpLists) | lists;
  mp->mpSpace = (uint16_t)pmap->space;

  /* Ordinary mappings also go on their physical page's alias chain. */
  if ((mp->mpFlags & mpBlock) == 0) {
    struct phys_entry *physent = mapping_phys_lookup(mp->mpPAddr);
    if (physent != NULL) {
      mp->mpAlias = physent->ppLink;
      physent->ppLink = mp;
    }
  }
  return NULL;
}

void mapping_unlink(struct pmap *pmap, struct mapping *mp) {
  mp->mpFlags |= mpRIP;
  if ((mp->mpPte & mpHValid) != 0) mapping_invalidate_pte(mp);

  struct mapping *previous[MAPPING_LISTS];
  mapping_search(pmap, mapping_va(mp), previous);
  unsigned int lists = mp->mpFlags & mpLists;
  for (unsigned int level = 0; level < lists; level++) {
    if (previous[level] != NULL) {
      if (previous[level]->mpList[level] != mp) panic("mapping_unlink: skip list %u is corrupt", level);
      previous[level]->mpList[level] = mp->mpList[level];
    } else {
      if (pmap->pmapSkipLists[level] != mp) panic("mapping_unlink: skip list %u head is corrupt", level);
      pmap->pmapSkipLists[level] = mp->mpList[level];
    }
  }
  while (pmap->pmapCurLists > 0 && pmap->pmapSkipLists[pmap->pmapCurLists - 1] == NULL) pmap->pmapCurLists--;

  if ((mp->mpFlags & mpBlock) == 0) {
    struct phys_entry *physent = mapping_phys_lookup(mp->mpPAddr);
    if (physent != NULL) {
      struct mapping **link = &physent->ppLink;
      while (*link != NULL && *link != mp) link = &(*link)->mpAlias;
      if (*link == NULL) panic("mapping_unlink: mapping of page 0x%x missing from its alias chain", mp->mpPAddr);
      *link = mp->mpAlias;
    }
  }
}

struct mapping *mapping_next(struct pmap *pmap, uint32_t va) {
  return next_on_list(pmap, mapping_search(pmap, va, NULL), 0);
}
