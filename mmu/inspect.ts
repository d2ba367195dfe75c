/**
 * The read-only view of translation that the debugger shows: for an effective address, an access
 * kind and a privilege level, the whole path the MMU would take (real mode; a BAT hit; or the
 * segment register, VSID, both hashes and PTEG addresses, the matching PTE and its fields) or
 * the exact reason it would fault with its DSISR/SRR1. It reads the page table from RAM without
 * side effects: no R/C update, no TLB fill, no counter change.
 */
import { SPR } from "../cpu/spr.js";
import { DBAT0U, IBAT0U, batAllows, batLookup } from "./bat.js";
import { ACCESS_FETCH, ACCESS_STORE, type AccessKind, type FaultDescription, type FaultReason, describeFault } from "./faults.js";
import {
  PTE1_C, PTE1_R, SR_KP, SR_KS, SR_N, SR_T, SR_VSID_MASK, api, pageIndex, searchPageTable,
} from "./hashtable.js";
import type { Mmu } from "./mmu.js";
import { pageFault, segmentFault, segmentKey } from "./protection.js";

export interface SegmentInfo {
  readonly index: number;
  readonly value: number;
  readonly t: boolean;
  readonly ks: boolean;
  readonly kp: boolean;
  readonly n: boolean;
  readonly vsid: number;
  /** The key used for this access (Kp in user state, Ks in supervisor state). */
  readonly key: number;
}

export interface PteInfo {
  readonly address: number;
  readonly slot: number;
  readonly secondary: boolean;
  readonly word0: number;
  readonly word1: number;
  readonly rpn: number;
  readonly wimg: number;
  readonly pp: number;
  readonly r: boolean;
  readonly c: boolean;
}

export interface PageTableWalk {
  readonly sdr1: number;
  readonly pageIndex: number;
  readonly api: number;
  readonly primaryHash: number;
  readonly secondaryHash: number;
  readonly primaryPteg: number;
  readonly secondaryPteg: number;
  readonly ptesProbed: number;
  readonly pte: PteInfo | undefined;
  /** Whether the TLB model currently holds this page (looked up without touching LRU). */
  readonly inTlb: boolean;
}

export interface Translation {
  readonly ea: number;
  readonly kind: AccessKind;
  readonly user: boolean;
  /** "real": translation off; "bat": a BAT hit; "page": the hashed page table. */
  readonly via: "real" | "bat" | "page";
  readonly bat?: { readonly index: number; readonly wimg: number; readonly pp: number; readonly blockSize: number };
  readonly segment?: SegmentInfo;
  readonly walk?: PageTableWalk;
  /** The physical address, when the access would succeed. */
  readonly physicalAddress?: number;
  /** The fault, when it would not. */
  readonly fault?: { readonly reason: FaultReason } & FaultDescription;
}

export interface InspectOptions {
  /** Treat translation as on (default: follow the current MSR[IR]/MSR[DR]). */
  readonly relocate?: boolean;
  /** Privilege level (default: the current MSR[PR]). */
  readonly user?: boolean;
}

export function inspectTranslation(mmu: Mmu, ea: number, kind: AccessKind, options: InspectOptions = {}): Translation {
  ea >>>= 0;
  const user = options.user ?? mmu.user;
  const relocate = options.relocate ?? (kind === ACCESS_FETCH ? mmu.instructionRelocate : mmu.dataRelocate);
  const isStore = kind === ACCESS_STORE;
  const base = { ea, kind, user };
  const faulted = (reason: FaultReason) => ({ reason, ...describeFault(reason, kind, ea) });

  if (!relocate) return { ...base, via: "real", physicalAddress: ea };

  const bat = batLookup(mmu.spr, kind === ACCESS_FETCH ? IBAT0U : DBAT0U, ea, user);
  if (bat !== undefined) {
    const batInfo = { index: bat.index, wimg: bat.wimg, pp: bat.pp, blockSize: bat.blockSize };
    if (!batAllows(bat.pp, isStore)) return { ...base, via: "bat", bat: batInfo, fault: faulted("protection") };
    return { ...base, via: "bat", bat: batInfo, physicalAddress: bat.physicalAddress };
  }

  const value = mmu.sr[ea >>> 28];
  const segment: SegmentInfo = {
    index: ea >>> 28, value, t: (value & SR_T) !== 0, ks: (value & SR_KS) !== 0, kp: (value & SR_KP) !== 0,
    n: (value & SR_N) !== 0, vsid: value & SR_VSID_MASK, key: segmentKey(value, user),
  };
  const segmentVeto = segmentFault(value, kind);
  if (segmentVeto !== undefined) return { ...base, via: "page", segment, fault: faulted(segmentVeto) };

  const sdr1 = mmu.spr[SPR.SDR1];
  const search = searchPageTable((pa) => mmu.phys.peek32(pa) ?? 0, sdr1, segment.vsid, ea);
  const tlb = kind === ACCESS_FETCH ? mmu.itlb : mmu.dtlb;
  const match = search.match;
  const pte: PteInfo | undefined =
    match === undefined
      ? undefined
      : {
          address: match.address, slot: match.slot, secondary: match.secondary, word0: match.word0, word1: match.word1,
          rpn: match.word1 >>> 12, wimg: (match.word1 >>> 3) & 0xf, pp: match.word1 & 3,
          r: (match.word1 & PTE1_R) !== 0, c: (match.word1 & PTE1_C) !== 0,
        };
  const walk: PageTableWalk = {
    sdr1, pageIndex: pageIndex(ea), api: api(ea), primaryHash: search.primaryHash, secondaryHash: search.secondaryHash,
    primaryPteg: search.primaryPteg, secondaryPteg: search.secondaryPteg, ptesProbed: search.probed, pte,
    inTlb: tlb.find(segment.vsid, pageIndex(ea), ea) >= 0,
  };
  if (pte === undefined) return { ...base, via: "page", segment, walk, fault: faulted("not-found") };
  const pageVeto = pageFault(segment.key, pte.word1, kind, isStore);
  if (pageVeto !== undefined) return { ...base, via: "page", segment, walk, fault: faulted(pageVeto) };
  return { ...base, via: "page", segment, walk, physicalAddress: ((pte.word1 & 0xfffff000) | (ea & 0xfff)) >>> 0 };
}
