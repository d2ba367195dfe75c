/**
 * The access rules of the OEA MMU, in one place for the translating MMU (mmu.ts) and the
 * read-only inspection (inspect.ts): what a segment register allows, and what a page's PP and
 * WIMG allow with the segment's key (OEA §7.4.1, §7.5.2; MPC750 UM §5.4).
 */
import { ACCESS_FETCH, type AccessKind, type FaultReason } from "./faults.js";
import { PTE1_G, SR_KP, SR_KS, SR_N, SR_T } from "./hashtable.js";

/** A segment's veto, checked before the page table: direct-store segments, no-execute fetches. */
export function segmentFault(segment: number, kind: AccessKind): FaultReason | undefined {
  if ((segment & SR_T) !== 0) return "direct-store";
  if (kind === ACCESS_FETCH && (segment & SR_N) !== 0) return "no-execute";
  return undefined;
}

/** The protection key: Kp in user state, Ks in supervisor state. */
export const segmentKey = (segment: number, user: boolean): number => ((segment & (user ? SR_KP : SR_KS)) !== 0 ? 1 : 0);

/**
 * Page protection from the key and PP (OEA Table 7-10): key 0: PP 00/01/10 read/write, 11
 * read-only; key 1: PP 00 none, 01/11 read-only, 10 read/write.
 */
export function pageAllows(key: number, pp: number, store: boolean): boolean {
  if (key === 0) return store ? pp !== 3 : true;
  if (store) return pp === 2;
  return pp !== 0;
}

/** A page's veto, from PTE word 1: protection, then no fetch from a guarded page. */
export function pageFault(key: number, word1: number, kind: AccessKind, isStore: boolean): FaultReason | undefined {
  if (!pageAllows(key, word1 & 3, isStore)) return "protection";
  if (kind === ACCESS_FETCH && (word1 & PTE1_G) !== 0) return "guarded";
  return undefined;
}
