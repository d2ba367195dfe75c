/*
 * The PowerPC 32-bit pmap of Mac OS X 10.4 (osfmk/ppc/pmap.h, spec §4): per-address-space
 * mapping lists, a hashed page table at the top of RAM filled lazily by the fault handler,
 * space ids and VSIDs, BATs off.
 */
#ifndef PPC_PMAP_H
#define PPC_PMAP_H

#include "kern/queue.h"
#include "mach/vm_types.h"
#include "ppc/mappings.h"

struct pmap_statistics {
  unsigned int resident_count;
  unsigned int wired_count;
};

struct pmap {
  queue_chain_t pmap_link;     /* in-use chain, sorted by spaceNum (issue 6) */
  uint32_t space;              /* address-space id: the low 14 bits of every VSID */
  uint32_t spaceNum;           /* sequence number */
  uint32_t pmapFlags;          /* segment keys for the SRs: Ks, Kp, N in bits 1-3 (§4.1) */
  uint32_t pmapSegsValid;      /* bit (0x80000000 >> s) set once segment s has been loaded */
  uint32_t pmapCurLists;       /* skip lists in use */
  uint32_t pmapRandNum;        /* state of the skip-list level generator */
  struct mapping *pmapSkipLists[MAPPING_LISTS];
  int ref_count;
  struct pmap_statistics stats;
};
typedef struct pmap *pmap_t;

extern struct pmap kernel_pmap_store;
#define kernel_pmap (&kernel_pmap_store)
static inline pmap_t pmap_kernel(void) {
  return kernel_pmap;
}

/* Default segment keys, Ks = Kp = 1, N = 0: SR value 0x60000000 | VSID (§4.3). */
#define PMAP_DEFAULT_FLAGS 0x60000000u
/* The value of a segment register holding no segment (§4.2). */
#define invalSpace 0x00000001u

/* VSID of segment `segment` in address space `space` (§4.3). */
static inline uint32_t space_vsid(uint32_t space, uint32_t segment) {
  return (((space ^ segment) & 0x3FF) << 14) | space;
}
static inline uint32_t pmap_segment_register(const struct pmap *pmap, uint32_t segment) {
  return pmap->pmapFlags | space_vsid(pmap->space, segment);
}

/* The hash table and its PTEG control words (§4.2). */
extern uint32_t hash_table_base;
extern uint32_t hash_table_size;
extern uint32_t hash_table_pteg_count;
extern uint32_t hash_table_pca_base; /* PCA words lie in [pca_base, hash_table_base) */
extern uint32_t hash_table_pca_size;
#define PCA_INITIAL 0xFF010000u /* all eight slots free, steal pointer at slot 7 */
#define PTE0_V 0x80000000u
#define PTE1_R 0x100u
#define PTE1_C 0x080u

/* Physical address of the PCA word of PTEG number n: HTAB base - 4 - 4n. */
static inline volatile uint32_t *pca_word(uint32_t pteg_number) {
  return (volatile uint32_t *)(hash_table_base - 4 - 4 * pteg_number);
}

/* WIMG choices for pmap_enter: from the physical page (RAM: M; no physent: I/O, I+G). */
#define VM_WIMG_USE_DEFAULT 0x80000000u

/* Boot. */
struct boot_args;
void pmap_bootstrap(const struct boot_args *args, vm_offset_t *first_avail);
void pmap_virtual_space(vm_offset_t *start, vm_offset_t *end);
boolean_t pmap_next_page(ppnum_t *pn);
unsigned int pmap_free_pages(void);
/* A permanent block mapping of [va, va + size) to [pa, ...), as ppc_vm_init maps the kernel. */
void pmap_map_block(pmap_t pmap, vm_offset_t va, vm_offset_t pa, vm_size_t size, vm_prot_t prot, uint32_t wimg);
void hw_hash_init(void);
void hw_setup_trans(void);
void hw_start_trans(void);

/* Mappings. */
void pmap_enter(pmap_t pmap, vm_offset_t va, ppnum_t pn, vm_prot_t prot, uint32_t attributes, boolean_t wired);
void pmap_remove(pmap_t pmap, vm_offset_t start, vm_offset_t end);
void pmap_change_wiring(pmap_t pmap, vm_offset_t va, boolean_t wired);
ppnum_t pmap_find_phys(pmap_t pmap, vm_offset_t va);
vm_offset_t pmap_extract(pmap_t pmap, vm_offset_t va);
void pmap_protect(pmap_t pmap, vm_offset_t start, vm_offset_t end, vm_prot_t prot);

/* Reference and change bits (§4.6). */
boolean_t pmap_is_modified(ppnum_t pn);
boolean_t pmap_is_referenced(ppnum_t pn);
void pmap_clear_modify(ppnum_t pn);
void pmap_clear_reference(ppnum_t pn);

/* Physical pages, touched with data translation off (ppc/machine_routines_asm.S). */
void pmap_zero_page(ppnum_t pn);
void pmap_copy_page(ppnum_t source, ppnum_t destination);

/* What the pmap knows about a mapping, for tests and the console report. */
struct pmap_mapping_info {
  boolean_t found;
  boolean_t block;
  ppnum_t phys_page;
  uint32_t attributes; /* mpVAddr's low bits: R C WIMG N PP */
  boolean_t pte_valid; /* a live PTE exists (mpHValid) */
  uint32_t pte_address;
};
struct pmap_mapping_info pmap_mapping_info(pmap_t pmap, vm_offset_t va);
/* The master R/C bits of a physical page (ppR | ppC), without scanning live PTEs. */
uint32_t pmap_phys_attributes(ppnum_t pn);

/* The low-level fault handler (ppc/hw_vm.c): returns TRUE when it resolved the fault. */
struct savearea;
boolean_t handlePF(struct savearea *sa);
/* Invalidates a live PTE: V off, sync, tlbie, R/C merged into the mapping and physent. Real mode. */
void mapping_invalidate_pte(struct mapping *mp);
/* Primary PTEG of (vsid, va): its number and physical address. */
uint32_t pteg_number_for(uint32_t vsid, uint32_t va);

#endif
