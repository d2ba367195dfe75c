/*
 * The kernel's pmap layer (osfmk/ppc/pmap.c, spec §4): the hash table's size and place, the
 * physical banks and their phys_entry tables, the mapping pool, and the pmap operations the VM
 * calls. pmap_enter only records a mapping; PTEs are built by handlePF on the first miss.
 *
 * Every operation on mappings runs with translation and interrupts off
 * (ml_set_physical_disabled), as xnu's do, so the real-mode fault handler never sees a list half
 * updated, and so mapping blocks can be plain physical pages.
 */
#include "ppc/pmap.h"

#include "kern/misc_protos.h"
#include "mach/vm_param.h"
#include "ppc/boot.h"
#include "ppc/proc_reg.h"
#include "vm/vm_page.h"

struct pmap kernel_pmap_store;

/* 10.4 sizes the table at RAM/256 (half IBM's one PTEG per two pages), at least this. */
#define HASH_TABLE_MIN (256 * 1024)
/* The largest table SDR1 can describe (HTABMASK 0x1FF). */
#define HASH_TABLE_MAX (32 * 1024 * 1024)
#define HASH_TABLE_DIVISOR 256
/* Mappings stolen at boot: one per this many pages of RAM (then whole pages are added on demand). */
#define BOOT_MAPPINGS_PER_PAGES 16

static inline uint32_t ppc_prot(vm_prot_t prot) {
  if ((prot & VM_PROT_ALL) == VM_PROT_NONE) return 0;
  return (prot & VM_PROT_WRITE) != 0 ? 2 : 3;
}

static vm_offset_t steal_boot(vm_offset_t *first_avail, vm_size_t size) {
  vm_offset_t addr = round_page(*first_avail);
  *first_avail = round_page(addr + size);
  return addr;
}

/*
 * pmap_bootstrap (§4.2): sizes the hash table from the RAM size (rounded up to a power of two,
 * divided by 256, scaled by the ht_shift boot argument, at least 256 KB), places it at the top
 * of the highest bank that can hold it and its PCA below it (halving it if none can), makes the
 * banks what is left, steals the phys_entry tables and the first mappings, initialises the table
 * and the translation registers. Runs in real mode.
 */
void pmap_bootstrap(const struct boot_args *args, vm_offset_t *first_avail) {
  struct boot_dram_bank banks[BOOT_DRAM_BANKS];
  unsigned int nbanks = 0;
  uint64_t msize = 0;
  for (unsigned int i = 0; i < BOOT_DRAM_BANKS && args->PhysicalDRAM[i].size != 0; i++) {
    banks[nbanks].base = round_page(args->PhysicalDRAM[i].base);
    banks[nbanks].size = trunc_page(args->PhysicalDRAM[i].size);
    msize += banks[nbanks].size;
    nbanks++;
  }
  if (nbanks == 0) panic("pmap_bootstrap: the boot arguments list no memory");
  max_mem = msize;

  uint64_t tmemsize = 1;
  while (tmemsize < msize) tmemsize <<= 1;
  uint64_t size = tmemsize / HASH_TABLE_DIVISOR;
  const char *shift_arg = boot_arg("ht_shift");
  if (shift_arg != NULL) {
    int negative = *shift_arg == '-';
    int shift = 0;
    for (const char *c = shift_arg + negative; *c >= '0' && *c <= '9'; c++) shift = shift * 10 + (*c - '0');
    if (negative) size >>= shift;
    else size <<= shift;
  }
  if (size < HASH_TABLE_MIN) size = HASH_TABLE_MIN;
  if (size > HASH_TABLE_MAX) size = HASH_TABLE_MAX;

  /* The highest bank that can hold the table, aligned to its size, with the PCA below it. */
  int htab_bank = -1;
  uint32_t base = 0, pca_size = 0;
  for (;;) {
    pca_size = round_page((uint32_t)(size / 64) * 4);
    for (int b = (int)nbanks - 1; b >= 0 && htab_bank < 0; b--) {
      uint64_t end = (uint64_t)banks[b].base + banks[b].size;
      if (end < size) continue;
      uint64_t candidate = (end - size) & ~(size - 1);
      uint64_t floor = banks[b].base > *first_avail ? banks[b].base : round_page(*first_avail);
      if (candidate >= floor + pca_size && candidate + size <= end) {
        htab_bank = b;
        base = (uint32_t)candidate;
      }
    }
    if (htab_bank >= 0) break;
    size >>= 1;
    if (size < HASH_TABLE_MIN) panic("pmap_bootstrap: not enough memory for a %u KB hash table", HASH_TABLE_MIN / 1024);
  }
  hash_table_base = base;
  hash_table_size = (uint32_t)size;
  hash_table_pteg_count = hash_table_size / 64;
  hash_table_pca_size = pca_size;
  hash_table_pca_base = base - pca_size;

  /* The banks, less the table and its PCA; pages above an aligned table form a bank of their own. */
  pmap_mem_regions_count = 0;
  for (unsigned int b = 0; b < nbanks; b++) {
    uint32_t start = banks[b].base;
    uint32_t end = banks[b].base + banks[b].size;
    uint32_t pieces[2][2] = {{start, end}, {0, 0}};
    if ((int)b == htab_bank) {
      pieces[0][1] = hash_table_pca_base;
      pieces[1][0] = hash_table_base + hash_table_size;
      pieces[1][1] = end;
    }
    for (int p = 0; p < 2; p++) {
      if (pieces[p][1] <= pieces[p][0]) continue;
      if (pmap_mem_regions_count == PMAP_MEM_REGION_MAX) panic("pmap_bootstrap: too many memory banks");
      struct mem_region *r = &pmap_mem_regions[pmap_mem_regions_count++];
      r->mrStart = atop(pieces[p][0]);
      r->mrEnd = atop(pieces[p][1]) - 1;
    }
  }

  /* phys_entry tables and the first mapping blocks, from the boot area (mapped V=R). */
  for (unsigned int i = 0; i < pmap_mem_regions_count; i++) {
    struct mem_region *r = &pmap_mem_regions[i];
    vm_size_t table_size = (r->mrEnd - r->mrStart + 1) * sizeof(struct phys_entry);
    r->mrPhysTab = (struct phys_entry *)steal_boot(first_avail, table_size);
    bzero(r->mrPhysTab, table_size);
  }
  unsigned int per_page = PAGE_SIZE / sizeof(struct mapping);
  unsigned int boot_mappings = (unsigned int)(atop(msize) / BOOT_MAPPINGS_PER_PAGES);
  boot_mappings = (boot_mappings + per_page - 1) / per_page * per_page;
  vm_offset_t mapping_pool = steal_boot(first_avail, boot_mappings * sizeof(struct mapping));
  /* The last page stolen must still be RAM below the PCA, not the table itself. */
  ppnum_t last_stolen = atop(*first_avail) - 1;
  boolean_t inside = FALSE;
  for (unsigned int i = 0; i < pmap_mem_regions_count; i++) {
    if (last_stolen >= pmap_mem_regions[i].mrStart && last_stolen <= pmap_mem_regions[i].mrEnd) inside = TRUE;
  }
  if (!inside) panic("pmap_bootstrap: the boot structures run into the hash table");

  /* What pmap_next_page may hand out: everything above the boot area. */
  for (unsigned int i = 0; i < pmap_mem_regions_count; i++) {
    struct mem_region *r = &pmap_mem_regions[i];
    r->mrAStart = r->mrStart > atop(*first_avail) ? r->mrStart : atop(*first_avail);
    r->mrAEnd = r->mrEnd;
  }
  if (pmap_free_pages() == 0) panic("pmap_bootstrap: no memory left after the boot structures");

  bzero(kernel_pmap, sizeof *kernel_pmap);
  kernel_pmap->space = 0;
  kernel_pmap->spaceNum = 0;
  kernel_pmap->pmapFlags = PMAP_DEFAULT_FLAGS;
  kernel_pmap->ref_count = 1;
  kernel_pmap->pmapRandNum = 0x2545F491u; /* any non-zero seed: the level sequence is deterministic */

  mapping_init(mapping_pool, boot_mappings);
  hw_hash_init();
  hw_setup_trans();
}

/* The first virtual address the VM may use: the next physical page, since boot memory is V=R. */
void pmap_virtual_space(vm_offset_t *start, vm_offset_t *end) {
  *start = ptoa(pmap_mem_regions[0].mrAStart);
  *end = VM_MAX_KERNEL_ADDRESS;
}

/* Ascending physical pages, bank by bank. */
boolean_t pmap_next_page(ppnum_t *pn) {
  for (unsigned int i = 0; i < pmap_mem_regions_count; i++) {
    struct mem_region *r = &pmap_mem_regions[i];
    if (r->mrAStart <= r->mrAEnd && r->mrAStart != 0xFFFFFFFFu) {
      *pn = r->mrAStart++;
      return TRUE;
    }
  }
  return FALSE;
}

unsigned int pmap_free_pages(void) {
  unsigned int pages = 0;
  for (unsigned int i = 0; i < pmap_mem_regions_count; i++) {
    struct mem_region *r = &pmap_mem_regions[i];
    if (r->mrAStart <= r->mrAEnd) pages += r->mrAEnd - r->mrAStart + 1;
  }
  return pages;
}

void pmap_map_block(pmap_t pmap, vm_offset_t va, vm_offset_t pa, vm_size_t size, vm_prot_t prot, uint32_t wimg) {
  uint32_t msr = ml_set_physical_disabled();
  struct mapping *mp = mapping_alloc();
  mp->mpFlags = mpBlock | mpPerm;
  mp->mpBSize = atop(round_page(size));
  mp->mpPAddr = atop(pa);
  mp->mpVAddr = trunc_page(va) | (wimg & mpWIMG) | ppc_prot(prot);
  if (mapping_insert(pmap, mp) != NULL) panic("pmap_map_block: 0x%08x overlaps an existing mapping", va);
  ml_restore(msr);
}

static void pmap_remove_mapping(pmap_t pmap, struct mapping *mp) {
  mapping_unlink(pmap, mp);
  mapping_free(mp);
  pmap->stats.resident_count--;
}

/*
 * pmap_enter → mapping_make (§4.5): records that `va` maps page `pn` with `prot`. A different
 * mapping already there is removed first (its PTE invalidated); the same page just takes the
 * new protection. No PTE is written.
 */
void pmap_enter(pmap_t pmap, vm_offset_t va, ppnum_t pn, vm_prot_t prot, uint32_t attributes, boolean_t wired) {
  if (pmap == NULL) return;
  va = trunc_page(va);
  mapping_replenish();
  uint32_t msr = ml_set_physical_disabled();
  uint32_t wimg;
  if (attributes == VM_WIMG_USE_DEFAULT) wimg = mapping_phys_lookup(pn) != NULL ? mpM : (mpI | mpM | mpG);
  else wimg = attributes & mpWIMG;
  uint32_t bits = wimg | ppc_prot(prot);
  for (;;) {
    struct mapping *existing = mapping_find(pmap, va);
    if (existing == NULL) break;
    if ((existing->mpFlags & mpPerm) != 0) panic("pmap_enter: 0x%08x lies in a permanent mapping", va);
    if (existing->mpPAddr == pn) {
      if ((existing->mpVAddr & (mpPP | mpWIMG)) != bits) mapping_protect(existing, bits);
      ml_restore(msr);
      return;
    }
    pmap_remove_mapping(pmap, existing);
  }
  struct mapping *mp = mapping_alloc();
  mp->mpPAddr = pn;
  mp->mpVAddr = va | bits;
  if (mapping_insert(pmap, mp) != NULL) panic("pmap_enter: collision at 0x%08x", va);
  pmap->stats.resident_count++;
  if (wired) pmap->stats.wired_count++;
  ml_restore(msr);
}

/* Removes every non-permanent mapping in [start, end), invalidating live PTEs (hw_rem_map). */
void pmap_remove(pmap_t pmap, vm_offset_t start, vm_offset_t end) {
  if (pmap == NULL) return;
  uint32_t msr = ml_set_physical_disabled();
  struct mapping *mp = mapping_find(pmap, start);
  if (mp == NULL) mp = mapping_next(pmap, start);
  while (mp != NULL && mapping_va(mp) < end) {
    struct mapping *next = mapping_successor(mp);
    if ((mp->mpFlags & mpPerm) == 0) pmap_remove_mapping(pmap, mp);
    mp = next;
  }
  ml_restore(msr);
}

/* 10.4's PowerPC pmap does not track wiring per mapping; only the statistics change. */
void pmap_change_wiring(pmap_t pmap, vm_offset_t va, boolean_t wired) {
  (void)va;
  if (pmap == NULL) return;
  if (wired) pmap->stats.wired_count++;
  else if (pmap->stats.wired_count > 0) pmap->stats.wired_count--;
}

ppnum_t pmap_find_phys(pmap_t pmap, vm_offset_t va) {
  uint32_t msr = ml_set_physical_disabled();
  struct mapping *mp = mapping_find(pmap, va);
  ppnum_t pn = 0;
  if (mp != NULL) pn = mp->mpPAddr + ((mp->mpFlags & mpBlock) != 0 ? (trunc_page(va) - mapping_va(mp)) >> 12 : 0);
  ml_restore(msr);
  return pn;
}

vm_offset_t pmap_extract(pmap_t pmap, vm_offset_t va) {
  ppnum_t pn = pmap_find_phys(pmap, va);
  return pn == 0 ? 0 : ptoa(pn) | (va & PAGE_MASK);
}

void pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end, vm_prot_t prot) {
  if (pmap == NULL) return;
  if ((prot & VM_PROT_ALL) == VM_PROT_NONE) {
    pmap_remove(pmap, start, end);
    return;
  }
  uint32_t msr = ml_set_physical_disabled();
  struct mapping *mp = mapping_find(pmap, start);
  if (mp == NULL) mp = mapping_next(pmap, start);
  for (; mp != NULL && mapping_va(mp) < end; mp = mapping_successor(mp)) {
    if ((mp->mpFlags & mpPerm) == 0) mapping_protect(mp, (mp->mpVAddr & mpWIMG) | ppc_prot(prot));
  }
  ml_restore(msr);
}

/* --- reference and change bits (§4.6) --- */

static boolean_t phys_test(ppnum_t pn, uint32_t bit) {
  uint32_t msr = ml_set_physical_disabled();
  struct phys_entry *physent = mapping_phys_lookup(pn);
  boolean_t result = FALSE;
  if (physent != NULL) {
    for (struct mapping *mp = physent->ppLink; mp != NULL; mp = mp->mpAlias) mapping_merge_live_rc(mp);
    result = (physent->ppFlags & bit) != 0;
  }
  ml_restore(msr);
  return result;
}

static void phys_clear(ppnum_t pn, uint32_t physent_bit, uint32_t pte_bit) {
  uint32_t msr = ml_set_physical_disabled();
  struct phys_entry *physent = mapping_phys_lookup(pn);
  if (physent != NULL) {
    physent->ppFlags &= ~physent_bit;
    for (struct mapping *mp = physent->ppLink; mp != NULL; mp = mp->mpAlias) mapping_clear_rc(mp, pte_bit);
    physent->ppFlags &= ~physent_bit; /* the invalidations merged the old bit back in */
  }
  ml_restore(msr);
}

boolean_t pmap_is_modified(ppnum_t pn) {
  return phys_test(pn, ppC);
}

boolean_t pmap_is_referenced(ppnum_t pn) {
  return phys_test(pn, ppR);
}

void pmap_clear_modify(ppnum_t pn) {
  phys_clear(pn, ppC, PTE1_C);
}

void pmap_clear_reference(ppnum_t pn) {
  phys_clear(pn, ppR, PTE1_R);
}

uint32_t pmap_phys_attributes(ppnum_t pn) {
  uint32_t msr = ml_set_physical_disabled();
  struct phys_entry *physent = mapping_phys_lookup(pn);
  uint32_t flags = physent != NULL ? physent->ppFlags & (ppR | ppC) : 0;
  ml_restore(msr);
  return flags;
}

struct pmap_mapping_info pmap_mapping_info(pmap_t pmap, vm_offset_t va) {
  struct pmap_mapping_info info = {0};
  uint32_t msr = ml_set_physical_disabled();
  struct mapping *mp = mapping_find(pmap, va);
  if (mp != NULL) {
    info.found = TRUE;
    info.block = (mp->mpFlags & mpBlock) != 0;
    info.phys_page = mp->mpPAddr + (info.block ? (trunc_page(va) - mapping_va(mp)) >> 12 : 0);
    info.attributes = mp->mpVAddr & 0xFFF;
    info.pte_valid = (mp->mpPte & mpHValid) != 0;
    info.pte_address = hash_table_base + (mp->mpPte & ~mpHValid);
  }
  ml_restore(msr);
  return info;
}
