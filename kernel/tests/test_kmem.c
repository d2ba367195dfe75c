/* kernel_memory_allocate and the kmem wrappers (§2, §3.2), against a first-fit model of kernel_map. */
#include "tests/kern_tests.h"

#include "ppc/exception.h"
#include "ppc/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

static struct map_snapshot snapshot_before, snapshot_after;

static vm_map_entry_t entry_at(vm_offset_t addr) {
  vm_map_entry_t entry;
  return vm_map_lookup_entry(kernel_map, addr, &entry) ? entry : NULL;
}

static int map_unchanged(void) {
  map_snapshot_take(kernel_map, &snapshot_after);
  return map_snapshot_equal(&snapshot_before, &snapshot_after);
}

/* §2.2 step 1: size 0, and KMA_LOMEM without KMA_NOPAGEWAIT: KERN_INVALID_ARGUMENT with *addrp = 0. */
void test_kma_invalid_argument(void) {
  map_snapshot_take(kernel_map, &snapshot_before);
  unsigned int free_before = vm_page_free_count;
  vm_offset_t addr = 0x12345000;
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &addr, 0, 0, 0), KERN_INVALID_ARGUMENT);
  T_EXPECT_EQ(addr, 0);
  addr = 0x12345000;
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &addr, PAGE_SIZE, 0, KMA_LOMEM), KERN_INVALID_ARGUMENT);
  T_EXPECT_EQ(addr, 0);
  T_EXPECT_EQ(vm_page_free_count, free_before);
  T_EXPECT(map_unchanged());
}

/* flags 0: a new object, first fit, pages wired and entered, in the object at offset 0.. (§2.2). */
void test_kma_own_object(void) {
  kt_prime_zones();
  map_snapshot_take(kernel_map, &snapshot_before);
  vm_size_t size = 3 * PAGE_SIZE + 100;
  vm_size_t rounded = 4 * PAGE_SIZE;
  vm_offset_t expected = model_first_fit(kernel_map, rounded, 0);
  unsigned int free_before = vm_page_free_count + kt_internal_pages();
  unsigned int wired_before = vm_page_wire_count;
  unsigned int internal_before = kt_internal_pages();
  vm_offset_t addr;
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &addr, size, 0, 0), KERN_SUCCESS);
  T_EXPECT_EQ(addr, expected);
  T_EXPECT_EQ(vm_page_free_count + kt_internal_pages(), free_before - 4);
  /* Wired: the four pages, and any page the kernel took for itself meanwhile (zones, mapping blocks). */
  T_EXPECT_EQ(vm_page_wire_count - wired_before, 4 + (kt_internal_pages() - internal_before));
  vm_map_entry_t entry = entry_at(addr);
  T_ASSERT(entry != NULL);
  T_EXPECT_EQ(entry->vme_start, addr);
  T_EXPECT_EQ(entry->vme_end, addr + rounded);
  vm_object_t object = entry->object.vm_object;
  T_ASSERT(object != NULL && object != kernel_object);
  T_EXPECT_EQ(entry->offset, 0);
  T_EXPECT_EQ(object->ref_count, 1);
  T_EXPECT_EQ(object->resident_page_count, 4);
  T_EXPECT_EQ(entry->protection, VM_PROT_DEFAULT);
  T_EXPECT_EQ(entry->max_protection, VM_PROT_ALL);
  T_EXPECT_EQ(entry->wired_count, 1);
  for (unsigned int i = 0; i < 4; i++) {
    vm_page_t m = vm_page_lookup(object, (vm_object_offset_t)i * PAGE_SIZE);
    T_ASSERT(m != NULL);
    T_EXPECT_EQ(m->wire_count, 1);
    T_EXPECT(!m->busy);
    T_EXPECT_EQ(pmap_find_phys(kernel_pmap, addr + i * PAGE_SIZE), m->phys_page);
  }
  kmem_free(kernel_map, addr, size);
  T_EXPECT(entry_at(addr) == NULL);
  T_EXPECT_EQ(vm_page_free_count + kt_internal_pages(), free_before);
  T_EXPECT(map_unchanged());
}

/* KMA_KOBJECT: kernel_object backs the range at offset = address - VM_MIN_KERNEL_ADDRESS (§2.1). */
void test_kma_kobject(void) {
  map_snapshot_take(kernel_map, &snapshot_before);
  unsigned int resident_before = kernel_object->resident_page_count;
  vm_offset_t expected = model_first_fit(kernel_map, 2 * PAGE_SIZE, 0);
  vm_offset_t addr;
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &addr, 2 * PAGE_SIZE, 0, KMA_KOBJECT), KERN_SUCCESS);
  T_EXPECT_EQ(addr, expected);
  vm_map_entry_t entry = entry_at(addr);
  T_ASSERT(entry != NULL);
  T_EXPECT(entry->object.vm_object == kernel_object);
  /* The entry may have been merged with a neighbour (vm_map_simplify); the offset rule holds either way. */
  T_EXPECT_EQ(entry->offset + (addr - entry->vme_start), addr - 0x1000);
  T_EXPECT_EQ(kernel_object->resident_page_count, resident_before + 2);
  vm_page_t pages[2];
  for (unsigned int i = 0; i < 2; i++) {
    pages[i] = vm_page_lookup(kernel_object, (vm_object_offset_t)(addr - 0x1000 + i * PAGE_SIZE));
    T_ASSERT(pages[i] != NULL);
    T_EXPECT_EQ(pmap_find_phys(kernel_pmap, addr + i * PAGE_SIZE), pages[i]->phys_page);
  }
  kmem_free(kernel_map, addr, 2 * PAGE_SIZE);
  T_EXPECT(pages[0]->free && pages[1]->free);
  T_EXPECT_EQ(kernel_object->resident_page_count, resident_before);
  T_EXPECT(map_unchanged());
}

/* The mask aligns the result: each allocation lands where first fit with that alignment says. */
void test_kma_alignment(void) {
  static const vm_offset_t masks[] = {0x3FFF, 0xFFFF, 0xFFFFF, 0x3FFFFF, 0};
  vm_offset_t addrs[sizeof masks / sizeof masks[0]];
  map_snapshot_take(kernel_map, &snapshot_before);
  for (unsigned int i = 0; i < sizeof masks / sizeof masks[0]; i++) {
    vm_offset_t expected = model_first_fit(kernel_map, PAGE_SIZE, masks[i]);
    T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &addrs[i], PAGE_SIZE, masks[i], KMA_KOBJECT), KERN_SUCCESS);
    T_EXPECT_EQ(addrs[i], expected);
    T_EXPECT_EQ(addrs[i] & masks[i], 0);
  }
  vm_offset_t aligned;
  vm_offset_t expected = model_first_fit(kernel_map, 0x10000, 0xFFFF);
  T_ASSERT_EQ(kmem_alloc_aligned(kernel_map, &aligned, 0x10000), KERN_SUCCESS);
  T_EXPECT_EQ(aligned, expected);
  kmem_free(kernel_map, aligned, 0x10000);
  for (unsigned int i = 0; i < sizeof masks / sizeof masks[0]; i++) kmem_free(kernel_map, addrs[i], PAGE_SIZE);
  T_EXPECT(map_unchanged());
}

/* The start of the highest hole in the map, a megabyte-aligned address well above first fit. */
static vm_offset_t free_base_high(vm_size_t size) {
  vm_map_entry_t last = vm_map_last_entry(kernel_map);
  vm_offset_t base = (last->vme_end + 0x200000) & ~0xFFFFFu;
  return base + size <= vm_map_max(kernel_map) ? base : 0;
}

/* KMA_HERE, honoured as the book describes it: the range at *addrp, or KERN_NO_SPACE if taken. */
void test_kma_here(void) {
  kt_prime_zones();
  map_snapshot_take(kernel_map, &snapshot_before);
  unsigned int free_before = vm_page_free_count + kt_internal_pages();
  vm_size_t size = 2 * PAGE_SIZE;
  vm_offset_t base = free_base_high(size);
  T_ASSERT(base != 0);
  T_ASSERT(base != model_first_fit(kernel_map, size, 0));

  vm_offset_t addr = base;
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &addr, size, 0, KMA_HERE), KERN_SUCCESS);
  T_EXPECT_EQ(addr, base);
  vm_map_entry_t entry = entry_at(base);
  T_ASSERT(entry != NULL);
  T_EXPECT_EQ(entry->vme_start, base);
  T_EXPECT_EQ(entry->vme_end, base + size);
  T_EXPECT(pmap_find_phys(kernel_pmap, base + PAGE_SIZE) != 0);

  /* Taken: the same base, a range running into it, the boot area. Nothing changes. */
  struct map_snapshot *with_here = &snapshot_after;
  map_snapshot_take(kernel_map, with_here);
  int entries_with_here = with_here->count;
  unsigned int free_with_here = vm_page_free_count;
  vm_offset_t probe = base;
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &probe, PAGE_SIZE, 0, KMA_HERE), KERN_NO_SPACE);
  probe = base - PAGE_SIZE;
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &probe, 2 * PAGE_SIZE, 0, KMA_HERE | KMA_KOBJECT), KERN_NO_SPACE);
  probe = vm_map_min(kernel_map) + PAGE_SIZE;
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &probe, PAGE_SIZE, 0, KMA_HERE), KERN_NO_SPACE);
  /* Our documented choices for the other bad bases: misaligned for the mask (as vm_map_enter:
     KERN_NO_SPACE), outside the map (KERN_INVALID_ADDRESS), not page aligned (KERN_INVALID_ARGUMENT). */
  probe = base + 0x10000 + PAGE_SIZE;
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &probe, PAGE_SIZE, 0xFFFF, KMA_HERE), KERN_NO_SPACE);
  probe = vm_map_max(kernel_map);
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &probe, PAGE_SIZE, 0, KMA_HERE), KERN_INVALID_ADDRESS);
  probe = base + 0x10000 + 4;
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &probe, PAGE_SIZE, 0, KMA_HERE), KERN_INVALID_ARGUMENT);
  T_EXPECT_EQ(vm_page_free_count, free_with_here);
  map_snapshot_take(kernel_map, with_here);
  T_EXPECT_EQ(with_here->count, entries_with_here);

  kmem_free(kernel_map, base, size);
  T_EXPECT_EQ(vm_page_free_count + kt_internal_pages(), free_before);
  T_EXPECT(map_unchanged());
}

/* No hole big enough: KERN_NO_SPACE, and nothing allocated. */
void test_kma_no_space(void) {
  kt_prime_zones();
  map_snapshot_take(kernel_map, &snapshot_before);
  unsigned int free_before = vm_page_free_count;
  unsigned int objects_before = vm_object_count;
  vm_offset_t addr;
  /* Sizes and masks the first-fit model says cannot fit anywhere. */
  vm_size_t whole = vm_map_max(kernel_map) - vm_map_min(kernel_map);
  T_ASSERT_EQ(model_first_fit(kernel_map, whole, 0), 0);
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &addr, whole, 0, 0), KERN_NO_SPACE);
  T_ASSERT_EQ(model_first_fit(kernel_map, 0x80000000u, 0x7FFFFFFFu), 0);
  T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &addr, 0x80000000u, 0x7FFFFFFFu, KMA_KOBJECT), KERN_NO_SPACE);
  T_EXPECT_EQ(vm_page_free_count, free_before);
  T_EXPECT_EQ(vm_object_count, objects_before);
  T_EXPECT(map_unchanged());
}

/*
 * KMA_NOPAGEWAIT: one page more than an unprivileged thread may take. The call fails with
 * KERN_RESOURCE_SHORTAGE and undoes everything: free_count, the map, the objects are exactly as
 * before.
 */
void test_kma_nopagewait_shortage(void) {
  static const int flag_sets[] = {KMA_NOPAGEWAIT, KMA_NOPAGEWAIT | KMA_KOBJECT, KMA_NOPAGEWAIT | KMA_LOMEM};
  for (unsigned int f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
    kt_prime_zones(); /* the object zone must not grow inside the call */
    map_snapshot_take(kernel_map, &snapshot_before);
    unsigned int free_before = vm_page_free_count;
    unsigned int internal_before = kt_internal_pages();
    unsigned int objects_before = vm_object_count;
    unsigned int kernel_resident_before = kernel_object->resident_page_count;
    unsigned int pages = vm_page_free_count - vm_page_free_reserved + 2;
    vm_offset_t addr = 0;
    T_EXPECT_EQ(kernel_memory_allocate(kernel_map, &addr, ptoa(pages), 0, flag_sets[f]), KERN_RESOURCE_SHORTAGE);
    T_EXPECT_EQ(vm_page_free_count, free_before);
    T_EXPECT_EQ(kt_internal_pages(), internal_before);
    T_EXPECT_EQ(vm_object_count, objects_before);
    T_EXPECT_EQ(kernel_object->resident_page_count, kernel_resident_before);
    T_EXPECT(map_unchanged());
    if (kt_failed()) {
      kt_note("kma nopagewait flags 0x%x failed", flag_sets[f]);
      return;
    }
  }
  /* With the reserve in reach, KMA_LOMEM | KMA_NOPAGEWAIT succeeds (KMA_LOMEM is accepted, §2.1). */
  vm_offset_t addr;
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &addr, 2 * PAGE_SIZE, 0, KMA_LOMEM | KMA_NOPAGEWAIT), KERN_SUCCESS);
  kmem_free(kernel_map, addr, 2 * PAGE_SIZE);
}

/* §2.2 step 6: pages are not zeroed; a freed page comes straight back (LIFO) with its old contents. */
void test_kma_not_zeroed(void) {
  vm_page_t m = vm_page_grab();
  T_ASSERT(m != NULL);
  phys_fill_page(m->phys_page, 0xBEEF);
  vm_page_free(m);
  vm_offset_t addr;
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &addr, PAGE_SIZE, 0, KMA_KOBJECT), KERN_SUCCESS);
  T_EXPECT_EQ(pmap_find_phys(kernel_pmap, addr), m->phys_page);
  T_EXPECT_EQ(kt_load(addr + 64), phys_read32(ptoa(m->phys_page) + 64));
  T_EXPECT(phys_page_has_pattern(m->phys_page, 0xBEEF));
  kmem_free(kernel_map, addr, PAGE_SIZE);
}

/* Adjacent KMA_KOBJECT allocations become one entry (vm_map_simplify); own-object ones do not. */
void test_kma_simplify(void) {
  vm_offset_t a, b, c, d;
  kt_prime_zones();
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &a, PAGE_SIZE, 0, KMA_KOBJECT), KERN_SUCCESS);
  int entries = vm_map_entry_count(kernel_map);
  vm_offset_t expected_b = model_first_fit(kernel_map, PAGE_SIZE, 0);
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &b, PAGE_SIZE, 0, KMA_KOBJECT), KERN_SUCCESS);
  T_EXPECT_EQ(b, expected_b);
  if (b == a + PAGE_SIZE) {
    T_EXPECT(entry_at(a) == entry_at(b));
    T_EXPECT_EQ(vm_map_entry_count(kernel_map), entries);
  }
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &c, PAGE_SIZE, 0, 0), KERN_SUCCESS);
  entries = vm_map_entry_count(kernel_map);
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &d, PAGE_SIZE, 0, 0), KERN_SUCCESS);
  T_EXPECT(entry_at(c) != entry_at(d));
  T_EXPECT_EQ(vm_map_entry_count(kernel_map), entries + 1);
  kmem_free(kernel_map, d, PAGE_SIZE);
  kmem_free(kernel_map, c, PAGE_SIZE);
  kmem_free(kernel_map, b, PAGE_SIZE);
  kmem_free(kernel_map, a, PAGE_SIZE);
}

/* The wrappers of §2.3. */
void test_kmem_wrappers(void) {
  kt_prime_zones();
  map_snapshot_take(kernel_map, &snapshot_before);
  unsigned int free_before = vm_page_free_count + kt_internal_pages();
  vm_offset_t a, w, al, p;
  T_ASSERT_EQ(kmem_alloc(kernel_map, &a, PAGE_SIZE), KERN_SUCCESS);
  T_EXPECT(entry_at(a)->object.vm_object != kernel_object);
  T_ASSERT_EQ(kmem_alloc_wired(kernel_map, &w, PAGE_SIZE), KERN_SUCCESS);
  T_EXPECT(entry_at(w)->object.vm_object == kernel_object);
  T_ASSERT_EQ(kmem_alloc_aligned(kernel_map, &al, 0x8000), KERN_SUCCESS);
  T_EXPECT_EQ(al & 0x7FFF, 0);
  T_EXPECT(entry_at(al)->object.vm_object == kernel_object);

  /* Pageable: an entry, no object, no pages, no mappings, until a fault fills a page with zeros. */
  vm_offset_t expected = model_first_fit(kernel_map, 3 * PAGE_SIZE, 0);
  unsigned int free_mid = vm_page_free_count;
  T_ASSERT_EQ(kmem_alloc_pageable(kernel_map, &p, 3 * PAGE_SIZE), KERN_SUCCESS);
  T_EXPECT_EQ(p, expected);
  T_EXPECT_EQ(vm_page_free_count, free_mid);
  vm_map_entry_t entry = entry_at(p);
  T_ASSERT(entry != NULL);
  T_EXPECT(entry->object.vm_object == NULL);
  T_EXPECT_EQ(entry->wired_count, 0);
  T_EXPECT_EQ(pmap_find_phys(kernel_pmap, p + PAGE_SIZE), 0);

  struct pf_counters pf = getPerProc()->pf;
  struct vm_fault_counters vf = vm_fault_counters;
  uint32_t value = kt_load(p + PAGE_SIZE + 8); /* DSI, handlePF finds no mapping, trap, vm_fault, redrive */
  struct pf_counters pf2 = getPerProc()->pf;
  T_EXPECT_EQ(value, 0);
  T_EXPECT_EQ(pf2.dsi - pf.dsi, 1);
  T_EXPECT_EQ(pf2.passup - pf.passup, 1);
  T_EXPECT_EQ(pf2.redrive - pf.redrive, 1);
  T_EXPECT_EQ(vm_fault_counters.faults - vf.faults, 1);
  T_EXPECT_EQ(vm_fault_counters.zero_fills - vf.zero_fills, 1);
  T_EXPECT(entry->object.vm_object != NULL && entry->object.vm_object->resident_page_count == 1);
  kt_store(p + PAGE_SIZE + 8, 0xABCD1234u);
  T_EXPECT_EQ(getPerProc()->pf.dsi, pf2.dsi); /* the redrive built the PTE: no second fault */
  T_EXPECT_EQ(kt_load(p + PAGE_SIZE + 8), 0xABCD1234u);
  T_EXPECT(pmap_find_phys(kernel_pmap, p + PAGE_SIZE) != 0);
  T_EXPECT_EQ(pmap_find_phys(kernel_pmap, p), 0);

  kmem_free(kernel_map, p, 3 * PAGE_SIZE);
  kmem_free(kernel_map, al, 0x8000);
  kmem_free(kernel_map, w, PAGE_SIZE);
  kmem_free(kernel_map, a, PAGE_SIZE);
  T_EXPECT_EQ(vm_page_free_count + kt_internal_pages(), free_before);
  T_EXPECT(map_unchanged());
}

/* kmem_free removes the mappings: each live PTE is invalidated and its PCA slot marked free (§4.5). */
void test_kmem_free_invalidates(void) {
  vm_offset_t addr;
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &addr, 2 * PAGE_SIZE, 0, KMA_KOBJECT), KERN_SUCCESS);
  uint32_t ptes[2];
  for (int i = 0; i < 2; i++) {
    (void)kt_load(addr + i * PAGE_SIZE);
    ptes[i] = kt_pte_for(addr + i * PAGE_SIZE);
    T_ASSERT(ptes[i] != 0);
  }
  kmem_free(kernel_map, addr, 2 * PAGE_SIZE);
  uint32_t htab = kt_htab_base();
  for (int i = 0; i < 2; i++) {
    T_EXPECT_EQ(phys_read32(ptes[i]) & 0x80000000u, 0);
    uint32_t pteg = (ptes[i] - htab) / 64;
    uint32_t slot = ((ptes[i] - htab) / 8) & 7;
    T_EXPECT((phys_read32(htab - 4 - 4 * pteg) >> 24) & (0x80u >> slot));
    T_EXPECT_EQ(pmap_find_phys(kernel_pmap, addr + i * PAGE_SIZE), 0);
  }
}

/* §3.1: first_free is the entry just before the lowest hole (the header when the hole is at the map's start). */
static vm_map_entry_t model_first_free(vm_map_t map) {
  vm_map_entry_t before = vm_map_to_entry(map);
  vm_offset_t end = vm_map_min(map);
  for (vm_map_entry_t e = vm_map_first_entry(map); e != vm_map_to_entry(map) && e->vme_start == end; e = e->vme_next) {
    before = e;
    end = e->vme_end;
  }
  return before;
}

/* first_free follows allocations and frees (holes opening below it and closing), and the hint follows lookups. */
void test_vm_map_first_free_and_hint(void) {
  kt_prime_zones();
  T_EXPECT(kernel_map->first_free == model_first_free(kernel_map));
  vm_offset_t a, b, c;
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &a, PAGE_SIZE, 0, 0), KERN_SUCCESS);
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &b, 2 * PAGE_SIZE, 0, 0), KERN_SUCCESS);
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &c, PAGE_SIZE, 0, 0), KERN_SUCCESS);
  T_EXPECT(kernel_map->first_free == model_first_free(kernel_map));
  kmem_free(kernel_map, b, 2 * PAGE_SIZE); /* opens a hole below c */
  T_EXPECT(kernel_map->first_free == model_first_free(kernel_map));
  T_EXPECT_EQ(model_first_fit(kernel_map, PAGE_SIZE, 0), b);
  vm_offset_t d;
  T_ASSERT_EQ(kernel_memory_allocate(kernel_map, &d, PAGE_SIZE, 0, 0), KERN_SUCCESS);
  T_EXPECT_EQ(d, b); /* first fit reuses the hole */
  T_EXPECT(kernel_map->first_free == model_first_free(kernel_map));
  kmem_free(kernel_map, a, PAGE_SIZE);
  T_EXPECT(kernel_map->first_free == model_first_free(kernel_map));

  vm_map_entry_t found;
  T_EXPECT(vm_map_lookup_entry(kernel_map, c + 8, &found));
  T_EXPECT(kernel_map->hint == found);
  T_EXPECT(!vm_map_lookup_entry(kernel_map, a, &found)); /* in the hole: the entry before it */
  T_EXPECT(found->vme_end <= a);
  T_EXPECT(kernel_map->hint == found);

  kmem_free(kernel_map, d, PAGE_SIZE);
  kmem_free(kernel_map, c, PAGE_SIZE);
  T_EXPECT(kernel_map->first_free == model_first_free(kernel_map));
}
