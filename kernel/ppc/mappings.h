/*
 * Software mappings and physical entries (osfmk/ppc/mappings.h, spec §4.1). A pmap keeps its
 * mappings in a skip list sorted by virtual address; each managed physical page has a
 * phys_entry chaining every mapping of it. The hash table only caches mappings.
 *
 * All of these live in memory the kernel maps V=R (boot-time memory, or whole physical pages
 * used as mapping blocks) and are only touched with translation off: by the real-mode fault
 * handler, and by the pmap functions, which switch translation off around their work.
 */
#ifndef PPC_MAPPINGS_H
#define PPC_MAPPINGS_H

#include <stdint.h>
#include "mach/vm_types.h"

#define MAPPING_LISTS 9 /* skip-list levels: enough for 4^9 mappings in one pmap */

struct mapping {
  uint32_t mpFlags;           /* mpBlock, mpPerm, mpFIP, mpRIP, and the number of lists */
  uint16_t mpSpace;           /* the pmap's space id */
  uint16_t mpPad;
  uint32_t mpBSize;           /* block mappings: size in pages; 0 for a one-page mapping */
  uint32_t mpPte;             /* byte offset of the PTEG in the HTAB; with mpHValid, of the live PTE */
  ppnum_t mpPAddr;            /* physical page */
  uint32_t mpVAddr;           /* virtual address | R C WIMG N PP (low 12 bits, as in PTE word 1) */
  struct mapping *mpAlias;    /* next mapping of the same physical page */
  struct mapping *mpList[MAPPING_LISTS]; /* skip-list forward pointers */
};

/* mpFlags */
#define mpBlock 0x00000100u  /* one mapping for a range of pages; PTEs are "autogen" */
#define mpPerm 0x00000200u   /* permanent: never removed */
#define mpFIP 0x00000400u    /* fault in progress */
#define mpRIP 0x00000800u    /* remove in progress */
#define mpLists 0x0000000Fu  /* number of skip lists the mapping is on */

/* mpPte */
#define mpHValid 0x1u

/* mpVAddr low bits: the PTE word 1 attribute bits, plus the no-execute bit. */
#define mpR 0x100u
#define mpC 0x080u
#define mpW 0x040u
#define mpI 0x020u
#define mpM 0x010u
#define mpG 0x008u
#define mpN 0x004u
#define mpPP 0x003u
#define mpWIMG (mpW | mpI | mpM | mpG)
#define mpPTEBits (mpR | mpC | mpWIMG | mpPP)

static inline uint32_t mapping_va(const struct mapping *mp) {
  return mp->mpVAddr & ~0xFFFu;
}

/* Bytes a mapping covers. */
static inline uint32_t mapping_size(const struct mapping *mp) {
  return (mp->mpFlags & mpBlock) != 0 ? mp->mpBSize << 12 : 4096;
}

/* One per physical page: the head of its mapping chain and its master R and C bits. */
struct phys_entry {
  struct mapping *ppLink;
  uint32_t ppFlags;
};
#define ppR 0x8u
#define ppC 0x4u

/* A bank of physical memory (pmap_mem_regions). */
struct mem_region {
  ppnum_t mrStart;  /* first page */
  ppnum_t mrEnd;    /* last page */
  ppnum_t mrAStart; /* next page pmap_next_page hands out */
  ppnum_t mrAEnd;   /* last allocatable page */
  struct phys_entry *mrPhysTab;
};
#define PMAP_MEM_REGION_MAX 4
extern struct mem_region pmap_mem_regions[PMAP_MEM_REGION_MAX];
extern unsigned int pmap_mem_regions_count;

/* incrVSID of §4.3, for the space ids of task pmaps. */
extern uint32_t incrVSID;

struct pmap;

void mapping_init(vm_offset_t pool, unsigned int count);
struct phys_entry *mapping_phys_lookup(ppnum_t pn);
/* Skip-list search: the mapping covering `va`, or NULL. Real mode only. */
struct mapping *mapping_find(struct pmap *pmap, uint32_t va);
/* Inserts a new mapping; returns NULL, or an existing mapping it would overlap. Real mode only. */
struct mapping *mapping_insert(struct pmap *pmap, struct mapping *mp);
/* Unlinks a mapping from its pmap and physical page and invalidates its PTE. Real mode only. */
void mapping_unlink(struct pmap *pmap, struct mapping *mp);
struct mapping *mapping_alloc(void);
void mapping_free(struct mapping *mp);
/* Makes sure a pmap_enter can allocate a mapping (may grab a page). Virtual mode. */
void mapping_replenish(void);
/* Free mappings on hand. */
extern unsigned int mapping_free_count;
extern unsigned int mapping_block_pages;

/* PTE-level operations on one mapping (ppc/hw_vm.c). Real mode only. */
void mapping_protect(struct mapping *mp, uint32_t attributes);
void mapping_merge_live_rc(struct mapping *mp);
void mapping_clear_rc(struct mapping *mp, uint32_t bits);
/* The first mapping at or above `va`, and the one after `mp` (address order). Real mode only. */
struct mapping *mapping_next(struct pmap *pmap, uint32_t va);
static inline struct mapping *mapping_successor(const struct mapping *mp) {
  return mp->mpList[0];
}

#endif
