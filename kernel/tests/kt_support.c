/* Helpers for the self-tests: physical access, an independent PTE lookup, map snapshots, a first-fit model. */
#include "tests/kern_tests.h"

#include "kern/zalloc.h"
#include "mach/vm_param.h"
#include "ppc/mappings.h"
#include "ppc/proc_reg.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

uint32_t phys_read32(uint32_t physical) {
  uint32_t msr = ml_set_physical_disabled();
  uint32_t value = *(volatile uint32_t *)physical;
  ml_restore(msr);
  return value;
}

void phys_write32(uint32_t physical, uint32_t value) {
  uint32_t msr = ml_set_physical_disabled();
  *(volatile uint32_t *)physical = value;
  ml_restore(msr);
}

static inline uint32_t pattern(uint32_t seed, uint32_t i) {
  return (seed * 0x9E3779B1u) ^ (i * 0x85EBCA77u) ^ 0x5A5A5A5Au;
}

void phys_fill_page(ppnum_t pn, uint32_t seed) {
  uint32_t msr = ml_set_physical_disabled();
  volatile uint32_t *words = (volatile uint32_t *)ptoa(pn);
  for (uint32_t i = 0; i < PAGE_SIZE / 4; i++) words[i] = pattern(seed, i);
  ml_restore(msr);
}

int phys_page_has_pattern(ppnum_t pn, uint32_t seed) {
  uint32_t msr = ml_set_physical_disabled();
  volatile uint32_t *words = (volatile uint32_t *)ptoa(pn);
  int ok = 1;
  for (uint32_t i = 0; i < PAGE_SIZE / 4 && ok; i++) ok = words[i] == pattern(seed, i);
  ml_restore(msr);
  return ok;
}

int phys_page_is_zero(ppnum_t pn) {
  uint32_t msr = ml_set_physical_disabled();
  volatile uint32_t *words = (volatile uint32_t *)ptoa(pn);
  int ok = 1;
  for (uint32_t i = 0; i < PAGE_SIZE / 4 && ok; i++) ok = words[i] == 0;
  ml_restore(msr);
  return ok;
}

uint32_t kt_htab_base(void) {
  return mfspr(SPR_SDR1) & 0xFFFF0000u;
}

uint32_t kt_pteg_count(void) {
  return (((mfspr(SPR_SDR1) & 0x1FF) + 1) << 16) / 64;
}

/* OEA §7.6.1.3: hash = VSID[5:23] XOR page index; PTEG = HTABORG | (hash masked by HTABMASK). */
uint32_t kt_pteg_number(uint32_t vsid, vm_offset_t va) {
  uint32_t hash = (vsid & 0x7FFFF) ^ ((va >> 12) & 0xFFFF);
  uint32_t htabmask = mfspr(SPR_SDR1) & 0x1FF;
  return ((((hash >> 10) & htabmask) << 10) | (hash & 0x3FF));
}

uint32_t kt_pte_for(vm_offset_t va) {
  uint32_t vsid = mfsrin(va) & 0x00FFFFFF;
  uint32_t pteg = kt_htab_base() + kt_pteg_number(vsid, va) * 64;
  uint32_t wanted = 0x80000000u | (vsid << 7) | ((va >> 22) & 0x3F);
  for (int slot = 0; slot < 8; slot++) {
    if (phys_read32(pteg + slot * 8) == wanted) return pteg + slot * 8;
  }
  return 0;
}

void map_snapshot_take(struct vm_map *map, struct map_snapshot *snapshot) {
  snapshot->count = 0;
  snapshot->size = map->size;
  for (vm_map_entry_t e = vm_map_first_entry(map); e != vm_map_to_entry(map); e = e->vme_next) {
    if (snapshot->count == MAP_SNAPSHOT_MAX) panic("map_snapshot_take: more than %d entries", MAP_SNAPSHOT_MAX);
    struct map_snapshot_entry *s = &snapshot->entries[snapshot->count++];
    s->start = e->vme_start;
    s->end = e->vme_end;
    s->object = e->object.vm_object;
    s->offset = e->offset;
    s->protection = e->protection;
    s->wired_count = e->wired_count;
  }
}

int map_snapshot_equal(const struct map_snapshot *a, const struct map_snapshot *b) {
  if (a->count != b->count || a->size != b->size) return 0;
  return memcmp(a->entries, b->entries, (size_t)a->count * sizeof a->entries[0]) == 0;
}

uint32_t model_first_fit(struct vm_map *map, uint32_t size, uint32_t mask) {
  uint64_t start = vm_map_min(map);
  for (vm_map_entry_t e = vm_map_first_entry(map);; e = e->vme_next) {
    uint64_t candidate = (start + mask) & ~(uint64_t)mask;
    uint64_t limit = e == vm_map_to_entry(map) ? vm_map_max(map) : e->vme_start;
    if (candidate + size <= limit) return (uint32_t)candidate;
    if (e == vm_map_to_entry(map)) return 0;
    if (e->vme_end > start) start = e->vme_end;
  }
}

#define PRIMED_OBJECTS 16

void kt_prime_zones(void) {
  vm_object_t objects[PRIMED_OBJECTS];
  for (int i = 0; i < PRIMED_OBJECTS; i++) objects[i] = vm_object_allocate(PAGE_SIZE);
  for (int i = PRIMED_OBJECTS - 1; i >= 0; i--) vm_object_deallocate(objects[i]);
}

unsigned int kt_internal_pages(void) {
  return zone_grown_pages + mapping_block_pages;
}
