/**
 * Effective-to-physical translation for the CPU's loads, stores and instruction fetches, as the
 * OEA specifies it (OEA chapter 7; MPC750 UM chapter 5): real mode, then BATs, then segment
 * registers and the hashed page table, with protection, R/C maintenance and exact DSI/ISI.
 *
 * Speed comes from a software translation cache in front of everything: per privilege level and
 * access kind (load, store, fetch), a direct-mapped table from effective page to physical page.
 * An entry is made only for an access the architecture allowed, and a store entry only once the
 * PTE's C bit is set, so a hit never skips an R/C update or a fault. Segment-register, BAT and
 * SDR1 writes flush it; tlbie flushes its congruence class; a page that stops being its TLB
 * set's most recently used entry is dropped; MSR changes select another table.
 *
 * Behind it sits a model of the real TLBs (mmu/tlb.ts). The cache holds only pages in their TLB
 * set's most recently used way (see dropFromCache), so the model's misses, LRU order and table
 * searches are exact; with `exactTlb` set every translated access goes through the model, so its
 * hit count is exact too (the timing model will want that).
 */
import { ALIGNMENT_DSISR_PENDING, GuestException, Vector } from "../cpu/exceptions.js";
import { MSR, SPR } from "../cpu/spr.js";
import type { PhysicalMemory } from "../board/physmem.js";
import { DBAT0U, IBAT0U, batAllows, batLookup } from "./bat.js";
import {
  ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, DSISR_DABR, DSISR_STORE, type AccessKind, translationFault,
} from "./faults.js";
import {
  PTE1_C, PTE1_R, SR_VSID_MASK, pageIndex, searchPageTable,
} from "./hashtable.js";
import { pageFault, segmentFault, segmentKey } from "./protection.js";
import { Tlb } from "./tlb.js";

const SOFT_BITS = 12;
const SOFT_SIZE = 1 << SOFT_BITS;
const SOFT_MASK = SOFT_SIZE - 1;

/** One direct-mapped software translation table: effective page number to physical page base. */
class SoftTable {
  readonly tag = new Int32Array(SOFT_SIZE).fill(-1);
  readonly base = new Int32Array(SOFT_SIZE);

  flush(): void {
    this.tag.fill(-1);
  }

  /** Drops the entries whose page number is congruent to `set` modulo the TLB's 64 sets. */
  flushClass(set: number): void {
    for (let slot = set; slot < SOFT_SIZE; slot += 64) this.tag[slot] = -1;
  }
}

export interface MmuCounters {
  readonly itlbHits: number;
  readonly itlbMisses: number;
  readonly dtlbHits: number;
  readonly dtlbMisses: number;
  /** Hardware page-table searches (one per TLB miss, plus store-with-C-clear re-searches). */
  readonly tableSearches: number;
  /** PTEs read during those searches. */
  readonly ptesProbed: number;
  /** Translated accesses that missed the software translation cache. */
  readonly slowTranslations: number;
}

export class Mmu {
  /** MSR[DR], MSR[IR], MSR[PR] and MSR[LE] as last set through setMode. */
  dataRelocate = false;
  instructionRelocate = false;
  user = false;
  littleEndian = false;
  /** Real mode, big-endian, no data breakpoint: an effective address is the physical address. */
  private direct = true;
  /** Translated, big-endian, no data breakpoint, no exact TLB: the software cache answers. */
  private cached = false;
  /** DABR (MPC750 UM §2.1.2, data address breakpoint), and whether it is enabled. */
  private dabr = 0;
  private watching = false;
  /** The low word of the last readWordPair. */
  pairLow = 0;
  /** WIMG of the last full (slow-path) translation. */
  private lastWimg = 0;
  private exact = false;

  readonly itlb = new Tlb();
  readonly dtlb = new Tlb();
  tableSearches = 0;
  ptesProbed = 0;
  slowTranslations = 0;

  /** [supervisor, user] x [load, store, fetch]. */
  private readonly tables: SoftTable[][] = [0, 1].map(() => [new SoftTable(), new SoftTable(), new SoftTable()]);
  private loadTable: SoftTable;
  private storeTable: SoftTable;
  private fetchTable: SoftTable;
  /** The current mode's load and store tables' arrays, held directly for the fast path. */
  private loadTag: Int32Array;
  private loadBase: Int32Array;
  private storeTag: Int32Array;
  private storeBase: Int32Array;
  private readonly rawRead32: (pa: number) => number;

  constructor(
    readonly phys: PhysicalMemory,
    /** The CPU's SPR file (BATs, SDR1) and segment registers, shared, not copied. */
    readonly spr: Uint32Array,
    readonly sr: Uint32Array,
  ) {
    [this.loadTable, this.storeTable, this.fetchTable] = this.tables[0];
    this.loadTag = this.loadTable.tag;
    this.loadBase = this.loadTable.base;
    this.storeTag = this.storeTable.tag;
    this.storeBase = this.storeTable.base;
    this.rawRead32 = (pa) => phys.read32(pa);
  }

  /** Route every translated access through the TLB model (exact TLB statistics, slower). */
  get exactTlb(): boolean {
    return this.exact;
  }

  set exactTlb(value: boolean) {
    this.exact = value;
    this.updatePaths();
  }

  private updatePaths(): void {
    this.direct = !this.dataRelocate && !this.littleEndian && !this.watching;
    this.cached = this.dataRelocate && !this.littleEndian && !this.watching && !this.exact;
  }

  /** Follows MSR[IR], MSR[DR] and MSR[PR]. */
  setMode(msr: number): void {
    this.dataRelocate = (msr & MSR.DR) !== 0;
    this.instructionRelocate = (msr & MSR.IR) !== 0;
    this.user = (msr & MSR.PR) !== 0;
    this.littleEndian = (msr & MSR.LE) !== 0;
    [this.loadTable, this.storeTable, this.fetchTable] = this.tables[this.user ? 1 : 0];
    this.loadTag = this.loadTable.tag;
    this.loadBase = this.loadTable.base;
    this.storeTag = this.storeTable.tag;
    this.storeBase = this.storeTable.base;
    this.updatePaths();
  }

  /**
   * Sets DABR: bits 0-28 the doubleword address, BT (bit 29) the MSR[DR] state it applies in,
   * DW (bit 30) and DR (bit 31) enable matching stores and loads (MPC750 UM §2.1.2).
   */
  setDabr(value: number): void {
    this.dabr = value >>> 0;
    this.watching = (value & 3) !== 0;
    this.updatePaths();
  }

  get counters(): MmuCounters {
    return {
      itlbHits: this.itlb.hits, itlbMisses: this.itlb.misses,
      dtlbHits: this.dtlb.hits, dtlbMisses: this.dtlb.misses,
      tableSearches: this.tableSearches, ptesProbed: this.ptesProbed, slowTranslations: this.slowTranslations,
    };
  }

  // --- invalidation, called by the instructions that change translation state ---

  /** mtsr/mtsrin, BAT and SDR1 writes: every cached translation may be stale. */
  flushTranslationCache(): void {
    for (const byMode of this.tables) for (const table of byMode) table.flush();
  }

  /** tlbie: invalidates the TLB congruence class of `ea` in both TLBs, and its cached pages. */
  tlbie(ea: number): void {
    this.itlb.invalidateClass(ea);
    this.dtlb.invalidateClass(ea);
    const set = Tlb.setOf(ea);
    for (const byMode of this.tables) for (const table of byMode) table.flushClass(set);
  }

  // --- the accesses the CPU makes ---

  /** Physical address of the instruction at `ea`; throws the ISI when it cannot be fetched. */
  translateFetch(ea: number): number {
    if (!this.instructionRelocate) return ea >>> 0;
    const vpn = ea >>> 12;
    const slot = vpn & SOFT_MASK;
    if (this.fetchTable.tag[slot] === vpn && !this.exact) return (this.fetchTable.base[slot] | (ea & 0xfff)) >>> 0;
    return this.translate(ea, ACCESS_FETCH);
  }

  /** Physical address for a data access of one byte (cache-block operations, lwarx/stwcx.). */
  translateData(ea: number, isStore: boolean): number {
    if (!this.dataRelocate) return ea >>> 0;
    return this.translate(ea, isStore ? ACCESS_STORE : ACCESS_LOAD);
  }

  // Each access tries, in order: real mode (EA = PA); a software-cache hit; the general path.

  /**
   * The physical address of the cache block dcbz zeroes, checked as one 32-byte store: a DABR
   * match anywhere in it, a translation fault, or (on the 750) a write-through or
   * caching-inhibited block, which takes the alignment exception (MPC750 UM §4.5.6), all fault
   * before any byte is written. Real-mode data accesses are WIMG 0b0011, so only a translated
   * block can be W or I. Always a full translation: the software cache does not keep WIMG.
   * An aligned block never crosses a page, and little-endian munging stays inside it.
   */
  zeroBlockAddress(ea: number, blockSize: number): number {
    const block = ea & ~(blockSize - 1);
    if (this.watching) this.checkDabr(block, blockSize, true);
    if (!this.dataRelocate) return block >>> 0;
    const physicalAddress = this.translate(block, ACCESS_STORE);
    if ((this.lastWimg & 0xc) !== 0) throw new GuestException(Vector.Alignment, 0, ea >>> 0, ALIGNMENT_DSISR_PENDING);
    return physicalAddress;
  }

  read8(ea: number): number {
    if (this.direct) return this.phys.read8(ea >>> 0);
    if (this.cached) {
      const vpn = ea >>> 12;
      const slot = vpn & SOFT_MASK;
      if (this.loadTag[slot] === vpn) return this.phys.read8((this.loadBase[slot] | (ea & 0xfff)) >>> 0);
    }
    return this.phys.read8(this.loadAddress(this.prepare(ea, 1, false)));
  }

  read16(ea: number): number {
    if (this.direct) return this.phys.read16(ea >>> 0);
    if (this.cached && (ea & 0xfff) !== 0xfff) {
      const vpn = ea >>> 12;
      const slot = vpn & SOFT_MASK;
      if (this.loadTag[slot] === vpn) return this.phys.read16((this.loadBase[slot] | (ea & 0xfff)) >>> 0);
    }
    ea = this.prepare(ea, 2, false);
    if ((ea & 0xfff) === 0xfff) return (this.read8(ea) << 8) | this.read8((ea + 1) | 0);
    return this.phys.read16(this.loadAddress(ea));
  }

  read32(ea: number): number {
    if (this.direct) return this.phys.read32(ea >>> 0);
    if (this.cached && (ea & 0xfff) <= 0xffc) {
      const vpn = ea >>> 12;
      const slot = vpn & SOFT_MASK;
      if (this.loadTag[slot] === vpn) return this.phys.read32((this.loadBase[slot] | (ea & 0xfff)) >>> 0);
    }
    ea = this.prepare(ea, 4, false);
    if ((ea & 0xfff) > 0xffc) {
      // Crosses a page boundary: each page is translated (and may fault) on its own.
      return (this.read16(ea) << 16) | this.read16((ea + 2) | 0);
    }
    return this.phys.read32(this.loadAddress(ea));
  }

  write8(ea: number, value: number): void {
    if (this.direct) {
      this.phys.write8(ea >>> 0, value);
      return;
    }
    if (this.cached) {
      const vpn = ea >>> 12;
      const slot = vpn & SOFT_MASK;
      if (this.storeTag[slot] === vpn) {
        this.phys.write8((this.storeBase[slot] | (ea & 0xfff)) >>> 0, value);
        return;
      }
    }
    this.phys.write8(this.storeAddress(this.prepare(ea, 1, true)), value);
  }

  write16(ea: number, value: number): void {
    if (this.direct) {
      this.phys.write16(ea >>> 0, value);
      return;
    }
    if (this.cached && (ea & 0xfff) !== 0xfff) {
      const vpn = ea >>> 12;
      const slot = vpn & SOFT_MASK;
      if (this.storeTag[slot] === vpn) {
        this.phys.write16((this.storeBase[slot] | (ea & 0xfff)) >>> 0, value);
        return;
      }
    }
    ea = this.prepare(ea, 2, true);
    if ((ea & 0xfff) === 0xfff) {
      // Translate both pages, in address order, before storing either byte: a fault on either
      // leaves memory unchanged and reports the first page that faults (OEA §6.4.3).
      const first = this.storeAddress(ea);
      const second = this.storeAddress((ea + 1) | 0); // the second page's first byte
      this.phys.write8(first, value >>> 8);
      this.phys.write8(second, value);
      return;
    }
    this.phys.write16(this.storeAddress(ea), value);
  }

  write32(ea: number, value: number): void {
    if (this.direct) {
      this.phys.write32(ea >>> 0, value);
      return;
    }
    if (this.cached && (ea & 0xfff) <= 0xffc) {
      const vpn = ea >>> 12;
      const slot = vpn & SOFT_MASK;
      if (this.storeTag[slot] === vpn) {
        this.phys.write32((this.storeBase[slot] | (ea & 0xfff)) >>> 0, value);
        return;
      }
    }
    ea = this.prepare(ea, 4, true);
    if ((ea & 0xfff) > 0xffc) {
      // As write16: both pages translated in address order before any byte is stored; a fault
      // on the second reports its first byte in DAR.
      this.storeAddress(ea);
      this.storeAddress((ea + 3) & ~0xfff);
      for (let i = 0; i < 4; i++) this.phys.write8(this.storeAddress((ea + i) | 0), value >>> (24 - 8 * i));
      return;
    }
    this.phys.write32(this.storeAddress(ea), value);
  }

  /**
   * A doubleword access (lfd, stfd) as two words, most significant first: returns the high
   * word and leaves the low word in `pairLow`. In little-endian mode the doubleword is not
   * munged (XOR 0), so the halves are read in the same order.
   */
  readWordPair(ea: number): number {
    if (this.watching) this.checkDabr(ea, 8, false);
    if (this.littleEndian && (ea & 7) !== 0) throw new GuestException(Vector.Alignment, 0, ea >>> 0, ALIGNMENT_DSISR_PENDING);
    const high = this.readPlain32(ea);
    this.pairLow = this.readPlain32((ea + 4) | 0);
    return high;
  }

  writeWordPair(ea: number, high: number, low: number): void {
    if (this.watching) this.checkDabr(ea, 8, true);
    if (this.littleEndian && (ea & 7) !== 0) throw new GuestException(Vector.Alignment, 0, ea >>> 0, ALIGNMENT_DSISR_PENDING);
    if (!this.direct) {
      this.storeAddress(ea);
      this.storeAddress((ea + 7) | 0); // both pages first: a fault leaves memory unchanged
    }
    this.writePlain32(ea, high);
    this.writePlain32((ea + 4) | 0, low);
  }

  /** A big-endian word access without munging (for the two halves of a doubleword). */
  private readPlain32(ea: number): number {
    if (!this.dataRelocate) return this.phys.read32(ea >>> 0);
    if ((ea & 0xfff) > 0xffc) {
      let value = 0;
      for (let i = 0; i < 4; i++) value = (value << 8) | this.phys.read8(this.loadAddress((ea + i) | 0));
      return value;
    }
    return this.phys.read32(this.loadAddress(ea));
  }

  private writePlain32(ea: number, value: number): void {
    if (!this.dataRelocate) {
      this.phys.write32(ea >>> 0, value);
      return;
    }
    if ((ea & 0xfff) > 0xffc) {
      for (let i = 0; i < 4; i++) this.phys.write8(this.storeAddress((ea + i) | 0), value >>> (24 - 8 * i));
      return;
    }
    this.phys.write32(this.storeAddress(ea), value);
  }

  /** The checks of the non-direct path before translation: data breakpoint, then LE munging. */
  private prepare(ea: number, size: 1 | 2 | 4, isStore: boolean): number {
    if (this.watching) this.checkDabr(ea, size, isStore);
    return this.littleEndian ? this.munge(ea, size) : ea;
  }

  /**
   * Little-endian mode (MSR[LE]=1) on the 750/7400 munges the effective address: the low three
   * bits are XORed with 8 - size, and a misaligned access takes the alignment exception
   * (MPC750 UM §3.1.2.2; PEM §3.1.3).
   */
  private munge(ea: number, size: 1 | 2 | 4): number {
    if ((ea & (size - 1)) !== 0) throw new GuestException(Vector.Alignment, 0, ea >>> 0, ALIGNMENT_DSISR_PENDING);
    return ea ^ (8 - size);
  }

  /** A DABR match raises DSI before the access, DSISR bit 9 (plus the store bit), DAR = EA. */
  private checkDabr(ea: number, size: number, isStore: boolean): void {
    if ((this.dabr & (isStore ? 2 : 1)) === 0) return;
    if (((this.dabr >>> 2) & 1) !== (this.dataRelocate ? 1 : 0)) return;
    const target = this.dabr & ~7;
    if ((ea & ~7) !== target && (((ea + size - 1) | 0) & ~7) !== target) return;
    throw new GuestException(Vector.DSI, 0, ea >>> 0, (DSISR_DABR | (isStore ? DSISR_STORE : 0)) >>> 0);
  }

  private loadAddress(ea: number): number {
    if (!this.dataRelocate) return ea >>> 0;
    const vpn = ea >>> 12;
    const slot = vpn & SOFT_MASK;
    if (this.loadTable.tag[slot] === vpn && !this.exact) return (this.loadTable.base[slot] | (ea & 0xfff)) >>> 0;
    return this.translate(ea, ACCESS_LOAD);
  }

  private storeAddress(ea: number): number {
    if (!this.dataRelocate) return ea >>> 0;
    const vpn = ea >>> 12;
    const slot = vpn & SOFT_MASK;
    if (this.storeTable.tag[slot] === vpn && !this.exact) return (this.storeTable.base[slot] | (ea & 0xfff)) >>> 0;
    return this.translate(ea, ACCESS_STORE);
  }

  /**
   * The full translation of a relocated access (OEA §7.1.2): BAT, then segment, TLB and page
   * table. Updates R/C and the TLB model, fills the software cache, and throws DSI/ISI.
   */
  private translate(ea: number, kind: AccessKind): number {
    this.slowTranslations++;
    const isStore = kind === ACCESS_STORE;
    const bat = batLookup(this.spr, kind === ACCESS_FETCH ? IBAT0U : DBAT0U, ea, this.user);
    if (bat !== undefined) {
      if (!batAllows(bat.pp, isStore)) throw translationFault("protection", kind, ea);
      this.lastWimg = bat.wimg;
      this.remember(ea, kind, bat.physicalAddress);
      return bat.physicalAddress;
    }

    const segment = this.sr[ea >>> 28];
    const segmentVeto = segmentFault(segment, kind);
    if (segmentVeto !== undefined) throw translationFault(segmentVeto, kind, ea);
    const vsid = segment & SR_VSID_MASK;
    const page = pageIndex(ea);
    const tlb = kind === ACCESS_FETCH ? this.itlb : this.dtlb;

    let entry = tlb.lookup(vsid, page, ea);
    // A store through an entry whose C is clear re-searches the table (MPC750 UM §5.4.1).
    if (entry < 0 || (isStore && (tlb.word1[entry] & PTE1_C) === 0)) {
      const search = searchPageTable(this.rawRead32, this.spr[SPR.SDR1], vsid, ea);
      this.tableSearches++;
      this.ptesProbed += search.probed;
      if (search.match === undefined) throw translationFault("not-found", kind, ea);
      entry = tlb.insert(vsid, page, ea, search.match.word1, search.match.address);
      if (tlb.evictedPage >= 0) this.dropFromCache(tlb.evictedPage, kind === ACCESS_FETCH);
    }
    // This page is now its set's most recently used; the other way's page leaves the software
    // cache, so a cache hit is always a hit on the MRU way, which leaves LRU as it is.
    const otherWay = tlb.pageAt(entry ^ 1);
    if (otherWay >= 0) this.dropFromCache(otherWay, kind === ACCESS_FETCH);

    let word1 = tlb.word1[entry];
    this.lastWimg = (word1 >>> 3) & 0xf;
    const pageVeto = pageFault(segmentKey(segment, this.user), word1, kind, isStore);
    if (pageVeto !== undefined) throw translationFault(pageVeto, kind, ea);

    // R and C live in bytes 6 and 7 of the PTE; the hardware updates them with byte stores.
    const pteAddress = tlb.pteAddress[entry];
    if ((word1 & PTE1_R) === 0) {
      word1 |= PTE1_R;
      this.phys.write8(pteAddress + 6, (word1 >>> 8) & 0xff);
    }
    if (isStore && (word1 & PTE1_C) === 0) {
      word1 |= PTE1_C;
      this.phys.write8(pteAddress + 7, word1 & 0xff);
    }
    tlb.word1[entry] = word1;

    const physicalAddress = ((word1 & 0xfffff000) | (ea & 0xfff)) >>> 0;
    this.remember(ea, kind, physicalAddress);
    // A store leaves R and C set, so loads of the page need no further update either.
    if (isStore) this.remember(ea, ACCESS_LOAD, physicalAddress);
    return physicalAddress;
  }

  /**
   * The software cache holds, per TLB set, only the page in the set's most recently used way
   * (MPC750 UM §5.4.3): a page evicted from the TLB, or no longer its set's MRU, leaves the
   * cache. So a cache hit is exactly a TLB hit that would not change the LRU bit, and the TLB
   * model sees every access that could change its state: its misses, LRU order and table
   * searches are exact; its hit count leaves out the cache's hits. A PTE changed without tlbie
   * takes effect when its page is next searched for, as on the 750. The TLB keeps the VSID, not
   * the segment, so the page index is dropped in every segment; that is the same cache slot.
   */
  private dropFromCache(page: number, instruction: boolean): void {
    const slot = page & SOFT_MASK;
    for (const [load, store, fetch] of this.tables) {
      if (instruction) {
        if ((fetch.tag[slot] & 0xffff) === page) fetch.tag[slot] = -1;
      } else {
        if ((load.tag[slot] & 0xffff) === page) load.tag[slot] = -1;
        if ((store.tag[slot] & 0xffff) === page) store.tag[slot] = -1;
      }
    }
  }

  private remember(ea: number, kind: AccessKind, physicalAddress: number): void {
    const table = kind === ACCESS_LOAD ? this.loadTable : kind === ACCESS_STORE ? this.storeTable : this.fetchTable;
    const vpn = ea >>> 12;
    const slot = vpn & SOFT_MASK;
    table.tag[slot] = vpn;
    table.base[slot] = physicalAddress & 0xfffff000;
  }
}
