/**
 * Block address translation (OEA §7.4; MPC750 UM §5.3). Four IBAT and four DBAT pairs; a hit
 * wins over the page table.
 */
export const IBAT0U = 528;
export const DBAT0U = 536;

export interface BatHit {
  /** Which pair matched (0-3). */
  readonly index: number;
  readonly physicalAddress: number;
  /** Lower-BAT WIMG bits (4 bits) and PP (2 bits). */
  readonly wimg: number;
  readonly pp: number;
  /** The block's size in bytes. */
  readonly blockSize: number;
}

/**
 * Looks `ea` up in the BAT array starting at SPR `firstUpper` (IBAT0U or DBAT0U), for supervisor
 * (Vs) or user (Vp) state. BL is a right-justified run of ones selecting the block size.
 */
export function batLookup(spr: Uint32Array, firstUpper: number, ea: number, user: boolean): BatHit | undefined {
  for (let index = 0; index < 4; index++) {
    const upper = spr[firstUpper + index * 2];
    if ((upper & (user ? 1 : 2)) === 0) continue;
    const lengthMask = (((upper >>> 2) & 0x7ff) << 17) | 0x1ffff;
    const blockMask = ~lengthMask;
    if (((ea ^ upper) & blockMask & 0xfffe0000) !== 0) continue;
    const lower = spr[firstUpper + index * 2 + 1];
    return {
      index,
      physicalAddress: ((lower & 0xfffe0000 & blockMask) | (ea & lengthMask)) >>> 0,
      wimg: (lower >>> 3) & 0xf,
      pp: lower & 3,
      blockSize: lengthMask + 1,
    };
  }
  return undefined;
}

/** BAT PP: 00 no access, 01 and 11 read-only, 10 read/write (OEA Table 7-9). */
export const batAllows = (pp: number, store: boolean): boolean => (store ? pp === 2 : pp !== 0);
