/*
 * The hash table side of the pmap (osfmk/ppc/hw_vm.s, spec §4.2, §4.5, §5): hash-table set-up,
 * the low-level page-fault handler that builds PTEs lazily in the primary PTEG, slot choice with
 * the PTEG control words and the round-robin steal, and PTE invalidation.
 *
 * Everything here runs with instruction and data translation off: from the exception vectors
 * (handlePF), or inside the pmap functions, which switch translation off around their work.
 * Pointers are physical addresses.
 */
#include "kern/misc_protos.h"
#include "mach/vm_param.h"
#include "ppc/exception.h"
#include "ppc/mappings.h"
#include "ppc/pmap.h"
#include "ppc/proc_reg.h"
#include "ppc/savearea.h"

uint32_t hash_table_base;
uint32_t hash_table_size;
uint32_t hash_table_pteg_count;
uint32_t hash_table_pca_base;
uint32_t hash_table_pca_size;

/* PCA word layout, most significant byte first (§4.2). */
#define PCA_FREE_SHIFT 24
#define PCA_STEAL_SHIFT 16
#define PCA_AUTOGEN_SHIFT 8
#define slot_bit(slot) (0x80u >> (slot))

uint32_t pteg_number_for(uint32_t vsid, uint32_t va) {
  uint32_t hash = (vsid & 0x7FFFF) ^ ((va >> 12) & 0xFFFF);
  return hash & (hash_table_pteg_count - 1);
}

static inline volatile uint32_t *pteg_address(uint32_t pteg_number) {
  return (volatile uint32_t *)(hash_table_base + pteg_number * 64);
}

/* The effective address a PTE in PTEG `pteg_number` translates (the page index from hash and API). */
static uint32_t pte_effective_address(uint32_t word0, uint32_t pteg_number) {
  uint32_t vsid = (word0 >> 7) & 0xFFFFFF;
  uint32_t space = vsid & 0x3FFF;
  uint32_t segment = ((vsid >> 14) ^ space) & 0xF;
  uint32_t page_index = ((word0 & 0x3F) << 10) | ((pteg_number ^ vsid) & 0x3FF);
  return (segment << 28) | (page_index << 12);
}

/* Clears V, then invalidates the TLB entries for `ea`. */
static void pte_invalidate(volatile uint32_t *pte, uint32_t ea) {
  pte[0] = pte[0] & ~PTE0_V;
  sync();
  tlbie(ea);
  eieio();
  tlbsync();
  sync();
}

static void merge_rc(struct mapping *mp, struct phys_entry *physent, uint32_t word1) {
  uint32_t rc = word1 & (PTE1_R | PTE1_C);
  if (mp != NULL) mp->mpVAddr |= rc;
  if (physent != NULL) physent->ppFlags |= ((rc & PTE1_R) ? ppR : 0) | ((rc & PTE1_C) ? ppC : 0);
}

void mapping_invalidate_pte(struct mapping *mp) {
  uint32_t offset = mp->mpPte & ~mpHValid;
  volatile uint32_t *pte = (volatile uint32_t *)(hash_table_base + offset);
  pte_invalidate(pte, mapping_va(mp));
  merge_rc(mp, mapping_phys_lookup(mp->mpPAddr), pte[1]);
  uint32_t pteg_number = offset / 64;
  uint32_t slot = (offset / 8) & 7;
  volatile uint32_t *pca = pca_word(pteg_number);
  *pca = (*pca | (slot_bit(slot) << PCA_FREE_SHIFT)) & ~(slot_bit(slot) << PCA_AUTOGEN_SHIFT);
  mp->mpPte = offset & ~63u;
}

/*
 * A stolen PTE's owner keeps its R and C: merged into the physent and, for an ordinary mapping,
 * into the mapping found on the page's alias chain by space and address; that mapping no
 * longer has a live PTE.
 */
static void steal_victim(volatile uint32_t *pte, uint32_t pteg_number, boolean_t autogen) {
  uint32_t word0 = pte[0];
  if ((word0 & PTE0_V) == 0) return;
  uint32_t ea = pte_effective_address(word0, pteg_number);
  pte_invalidate(pte, ea);
  getPerProc()->pf.pte_steal++;
  if (autogen) return; /* a block mapping's PTE: nothing records it */
  uint32_t word1 = pte[1];
  struct phys_entry *physent = mapping_phys_lookup(word1 >> 12);
  if (physent == NULL) return;
  uint32_t space = (word0 >> 7) & 0x3FFF;
  struct mapping *mp;
  for (mp = physent->ppLink; mp != NULL; mp = mp->mpAlias) {
    if (mp->mpSpace == space && mapping_va(mp) == ea) break;
  }
  merge_rc(mp, physent, word1);
  if (mp != NULL) mp->mpPte = pteg_number * 64;
}

/*
 * Builds the PTE for `ea` from mapping `mp` in the primary PTEG (§4.5 steps 4-7): the lowest
 * free slot, else the one the steal pointer names; the pointer moves to the next slot either
 * way. R is forced on; word 1 is written first, then eieio, then the valid word 0.
 */
static void pte_build(struct pmap *pmap, struct mapping *mp, uint32_t ea) {
  uint32_t vsid = space_vsid(pmap->space, ea >> 28);
  uint32_t pteg_number = pteg_number_for(vsid, ea);
  volatile uint32_t *pteg = pteg_address(pteg_number);
  volatile uint32_t *pca = pca_word(pteg_number);
  uint32_t control = *pca;
  uint32_t free_bits = (control >> PCA_FREE_SHIFT) & 0xFF;
  uint32_t steal = (control >> PCA_STEAL_SHIFT) & 0xFF;
  uint32_t autogen = (control >> PCA_AUTOGEN_SHIFT) & 0xFF;

  uint32_t slot;
  if (free_bits != 0) {
    slot = (uint32_t)__builtin_clz(free_bits << 24);
  } else {
    slot = (uint32_t)__builtin_clz(steal << 24);
    steal_victim(&pteg[slot * 2], pteg_number, (autogen & slot_bit(slot)) != 0);
  }
  boolean_t block = (mp->mpFlags & mpBlock) != 0;
  free_bits &= ~slot_bit(slot);
  steal = slot_bit((slot + 1) & 7);
  autogen = block ? autogen | slot_bit(slot) : autogen & ~slot_bit(slot);

  ppnum_t pn = mp->mpPAddr + (block ? (ea - mapping_va(mp)) >> 12 : 0);
  uint32_t word0 = PTE0_V | (vsid << 7) | ((ea >> 22) & 0x3F);
  uint32_t word1 = (pn << 12) | (mp->mpVAddr & mpPTEBits) | PTE1_R;
  volatile uint32_t *pte = &pteg[slot * 2];
  pte[1] = word1;
  eieio();
  pte[0] = word0;
  sync();

  if (!block) mp->mpPte = (uint32_t)pte - hash_table_base + mpHValid;
  *pca = (free_bits << PCA_FREE_SHIFT) | (steal << PCA_STEAL_SHIFT) | (autogen << PCA_AUTOGEN_SHIFT) | (control & 0xFE);
  getPerProc()->pf.pte_fill++;
}

/* Whether the primary PTEG already holds a valid PTE for (vsid, ea). */
static boolean_t pte_present(uint32_t vsid, uint32_t ea) {
  volatile uint32_t *pteg = pteg_address(pteg_number_for(vsid, ea));
  uint32_t wanted = PTE0_V | (vsid << 7) | ((ea >> 22) & 0x3F);
  for (int slot = 0; slot < 8; slot++) {
    if (pteg[slot * 2] == wanted) return TRUE;
  }
  return FALSE;
}

/*
 * handlePF (hw_vm.s, §5 steps 2-3): for a DSI or ISI that is a plain miss on an address the
 * pmap has a mapping for, load the segment register if it was not loaded and build the PTE;
 * the instruction then re-executes. Anything else (protection, no-execute, unsupported access,
 * DABR, or no mapping) goes up to trap().
 */
boolean_t handlePF(struct savearea *sa) {
  uint32_t ea, dsisr;
  if (sa->save_exception == T_INSTRUCTION_ACCESS) {
    ea = sa->save_srr0;
    dsisr = sa->save_srr1 & SRR1_ISI_CAUSE_MASK;
  } else {
    ea = sa->save_dar;
    dsisr = sa->save_dsisr;
  }
  if ((dsisr & (DSISR_NO_EXECUTE | DSISR_PROTECTION | DSISR_UNSUPPORTED | DSISR_DABR)) != 0) return FALSE;

  struct per_proc_info *pp = getPerProc();
  struct pmap *pmap = (sa->save_srr1 & (MASK_MSR_PR | MASK_MSR_RI)) != 0 ? pp->user_pmap : kernel_pmap;
  /*
   * The user-memory window (§4.7): a kernel access at 0xE0000000-0xEFFFFFFF is an access to the
   * user segment copyin/copyout mapped there. It resolves through the user pmap with the user's
   * VSID, so the PTE built is the one the user itself would use; segment register 14 holds that
   * VSID while the window is open.
   */
  uint32_t map_ea = ea;
  boolean_t window = FALSE;
  if (pmap == kernel_pmap && (ea >> 28) == (USER_MEMORY_WINDOW >> 28)) {
    if (pp->user_window_segment == USER_WINDOW_NONE || pp->user_pmap == NULL) return FALSE;
    pmap = pp->user_pmap;
    map_ea = (pp->user_window_segment << 28) | (ea & 0x0FFFFFFFu);
    window = TRUE;
  }
  if (pmap == NULL) return FALSE;
  struct mapping *mp = mapping_find(pmap, map_ea);
  if (mp == NULL || (mp->mpFlags & mpRIP) != 0) return FALSE;

  uint32_t segment = map_ea >> 28;
  uint32_t sr = pmap_segment_register(pmap, segment);
  if (mfsrin(ea) != sr) {
    mtsrin(sr, ea);
    if (!window) pmap->pmapSegsValid |= 0x80000000u >> segment;
    pp->pf.segment_miss++;
  }

  uint32_t vsid = space_vsid(pmap->space, segment);
  if ((mp->mpFlags & mpBlock) != 0) {
    if (pte_present(vsid, map_ea)) return TRUE; /* the miss was the segment register only */
  } else if ((mp->mpPte & mpHValid) != 0) {
    volatile uint32_t *pte = (volatile uint32_t *)(hash_table_base + (mp->mpPte & ~mpHValid));
    if (pte[0] == (PTE0_V | (vsid << 7) | ((map_ea >> 22) & 0x3F))) return TRUE;
    panic("handlePF: mapping for 0x%08x records a live PTE at 0x%08x that does not match", map_ea, (uint32_t)pte);
  }
  mp->mpFlags |= mpFIP;
  pte_build(pmap, mp, map_ea);
  mp->mpFlags &= ~mpFIP;
  return TRUE;
}

/* hw_hash_init: clear the table; every PCA word: all slots free, steal pointer at slot 7 (§4.2). */
void hw_hash_init(void) {
  volatile uint32_t *table = (volatile uint32_t *)hash_table_base;
  for (uint32_t i = 0; i < hash_table_size / 4; i++) table[i] = 0;
  for (uint32_t n = 0; n < hash_table_pteg_count; n++) *pca_word(n) = PCA_INITIAL;
}

/*
 * hw_setup_trans (32-bit path): all BATs invalid, SDR1 = base | ((size - 1) >> 16), every
 * segment register holding invalSpace. Translation is turned on later (hw_start_trans).
 */
void hw_setup_trans(void) {
  mtspr(SPR_IBAT0U + 0, 0); mtspr(SPR_IBAT0U + 1, 0);
  mtspr(SPR_IBAT0U + 2, 0); mtspr(SPR_IBAT0U + 3, 0);
  mtspr(SPR_IBAT0U + 4, 0); mtspr(SPR_IBAT0U + 5, 0);
  mtspr(SPR_IBAT0U + 6, 0); mtspr(SPR_IBAT0U + 7, 0);
  mtspr(SPR_DBAT0U + 0, 0); mtspr(SPR_DBAT0U + 1, 0);
  mtspr(SPR_DBAT0U + 2, 0); mtspr(SPR_DBAT0U + 3, 0);
  mtspr(SPR_DBAT0U + 4, 0); mtspr(SPR_DBAT0U + 5, 0);
  mtspr(SPR_DBAT0U + 6, 0); mtspr(SPR_DBAT0U + 7, 0);
  isync();
  mtspr(SPR_SDR1, hash_table_base | ((hash_table_size - 1) >> 16));
  for (uint32_t segment = 0; segment < 16; segment++) mtsrin(invalSpace, segment << 28);
  kernel_pmap->pmapSegsValid = 0;
  sync();
}

/* hw_start_trans: instruction and data translation on. The kernel is V=R, so execution continues. */
void hw_start_trans(void) {
  mtmsr(mfmsr() | MASK_MSR_IR | MASK_MSR_DR);
}

/*
 * hw_protect (§4.5): new PP/WIMG bits for a mapping. A live PTE is invalidated (its R/C merged),
 * given the new bits and written back, valid, in the same slot.
 */
void mapping_protect(struct mapping *mp, uint32_t attributes) {
  mp->mpVAddr = (mp->mpVAddr & ~(mpPP | mpWIMG)) | (attributes & (mpPP | mpWIMG));
  if ((mp->mpPte & mpHValid) == 0) return;
  volatile uint32_t *pte = (volatile uint32_t *)(hash_table_base + (mp->mpPte & ~mpHValid));
  pte_invalidate(pte, mapping_va(mp));
  merge_rc(mp, mapping_phys_lookup(mp->mpPAddr), pte[1]);
  pte[1] = (pte[1] & ~(mpPP | mpWIMG)) | (attributes & (mpPP | mpWIMG));
  eieio();
  pte[0] = pte[0] | PTE0_V;
  sync();
}

/* Merges the R/C bits of a live PTE into its mapping and physent, leaving the PTE alone (hw_walk_phys). */
void mapping_merge_live_rc(struct mapping *mp) {
  if ((mp->mpPte & mpHValid) == 0) return;
  volatile uint32_t *pte = (volatile uint32_t *)(hash_table_base + (mp->mpPte & ~mpHValid));
  merge_rc(mp, mapping_phys_lookup(mp->mpPAddr), pte[1]);
}

/*
 * Clears R and/or C (PTE bits) in a mapping and its live PTE: the PTE is invalidated with its
 * bits merged first, the bits cleared in the mapping and the PTE image, and the PTE written
 * back valid in the same slot (§4.6), so the hardware sets them again on the next access.
 */
void mapping_clear_rc(struct mapping *mp, uint32_t bits) {
  if ((mp->mpPte & mpHValid) != 0) {
    volatile uint32_t *pte = (volatile uint32_t *)(hash_table_base + (mp->mpPte & ~mpHValid));
    pte_invalidate(pte, mapping_va(mp));
    merge_rc(mp, mapping_phys_lookup(mp->mpPAddr), pte[1]);
    pte[1] = pte[1] & ~bits;
    eieio();
    pte[0] = pte[0] | PTE0_V;
    sync();
  }
  mp->mpVAddr &= ~bits;
}
