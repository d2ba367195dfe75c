/**
 * The hashed page table (OEA §7.6): hash functions, PTEG addresses and the PTE search, as pure
 * functions of SDR1, the segment register value and physical memory, so the MMU and the
 * read-only inspection API share one implementation.
 */
export const PTE_SIZE = 8;
export const PTEG_SIZE = 64;
export const PTES_PER_PTEG = 8;

/** PTE word 0 fields. */
export const PTE0_V = 0x8000_0000;
export const PTE0_H = 0x40;
/** PTE word 1 fields. */
export const PTE1_RPN_MASK = 0xffff_f000;
export const PTE1_R = 0x100;
export const PTE1_C = 0x80;
/** G (guarded) of the WIMG bits: no instruction fetch from the page. */
export const PTE1_G = 0x08;

/** Segment register fields (OEA §7.5.2). */
export const SR_T = 0x8000_0000;
export const SR_KS = 0x4000_0000;
export const SR_KP = 0x2000_0000;
export const SR_N = 0x1000_0000;
export const SR_VSID_MASK = 0x00ff_ffff;

export const HTABORG_MASK = 0xffff_0000;
export const HTABMASK_MASK = 0x1ff;

/** The 16-bit page index of an effective address (EA bits 4-19). */
export const pageIndex = (ea: number): number => (ea >>> 12) & 0xffff;
/** The abbreviated page index (EA bits 4-9). */
export const api = (ea: number): number => (ea >>> 22) & 0x3f;

/** Primary hash: low 19 bits of the VSID XOR the page index. */
export const primaryHash = (vsid: number, ea: number): number => ((vsid & 0x7ffff) ^ pageIndex(ea)) >>> 0;
/** Secondary hash: ones' complement of the primary, 19 bits. */
export const secondaryHash = (hash: number): number => ~hash & 0x7ffff;

/** Physical address of the PTEG a hash selects (OEA §7.6.1.3). */
export function ptegAddress(sdr1: number, hash: number): number {
  const htaborg = sdr1 & HTABORG_MASK;
  const htabmask = sdr1 & HTABMASK_MASK;
  return (htaborg | (((hash >>> 10) & htabmask) << 16) | ((hash & 0x3ff) << 6)) >>> 0;
}

/** The word 0 a valid PTE for (vsid, ea) must hold, with H selecting the secondary group. */
export const pteWord0 = (vsid: number, ea: number, secondary: boolean): number =>
  (PTE0_V | ((vsid & SR_VSID_MASK) << 7) | (secondary ? PTE0_H : 0) | api(ea)) >>> 0;

export interface PteMatch {
  /** Physical address of the matching PTE. */
  readonly address: number;
  readonly slot: number;
  readonly secondary: boolean;
  readonly word0: number;
  readonly word1: number;
  /** PTEs read to find it (1-16). */
  readonly probed: number;
}

export interface SearchResult {
  readonly primaryPteg: number;
  readonly secondaryPteg: number;
  readonly primaryHash: number;
  readonly secondaryHash: number;
  /** The match, or undefined when neither group holds one (after probing all 16 PTEs). */
  readonly match: PteMatch | undefined;
  readonly probed: number;
}

/** Reads a physical word; the MMU passes a reader that cannot fault or change state. */
export type PhysicalRead32 = (pa: number) => number;

/**
 * Searches the primary then the secondary PTEG in slot order for V=1, matching H, VSID and API
 * (OEA §7.6.1.5), reading each PTE's word 0 from memory as the hardware does.
 */
export function searchPageTable(read32: PhysicalRead32, sdr1: number, vsid: number, ea: number): SearchResult {
  const hash1 = primaryHash(vsid, ea);
  const hash2 = secondaryHash(hash1);
  const primaryPteg = ptegAddress(sdr1, hash1);
  const secondaryPteg = ptegAddress(sdr1, hash2);
  let probed = 0;
  for (let group = 0; group < 2; group++) {
    const secondary = group === 1;
    const base = secondary ? secondaryPteg : primaryPteg;
    const wanted = pteWord0(vsid, ea, secondary) | 0;
    for (let slot = 0; slot < PTES_PER_PTEG; slot++) {
      const address = base + slot * PTE_SIZE;
      probed++;
      const word0 = read32(address) | 0;
      if (word0 === wanted) {
        const match = { address, slot, secondary, word0: word0 >>> 0, word1: read32(address + 4) >>> 0, probed };
        return { primaryPteg, secondaryPteg, primaryHash: hash1, secondaryHash: hash2, match, probed };
      }
    }
  }
  return { primaryPteg, secondaryPteg, primaryHash: hash1, secondaryHash: hash2, match: undefined, probed };
}
