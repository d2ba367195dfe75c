/**
 * A model of one of the 750/7400's TLBs (MPC750 UM §5.4.3): 128 entries, 2-way set-associative,
 * 64 sets indexed by EA bits 14-19, LRU replacement, entries tagged with the VSID and page index
 * so they survive segment-register reloads. Each entry caches PTE word 1 (RPN, R, C, WIMG, PP).
 */
export const TLB_SETS = 64;
export const TLB_WAYS = 2;

export class Tlb {
  private readonly valid = new Uint8Array(TLB_SETS * TLB_WAYS);
  private readonly vsid = new Int32Array(TLB_SETS * TLB_WAYS);
  private readonly page = new Int32Array(TLB_SETS * TLB_WAYS);
  /** Cached PTE word 1 and the PTE's physical address, per entry. */
  readonly word1 = new Uint32Array(TLB_SETS * TLB_WAYS);
  readonly pteAddress = new Uint32Array(TLB_SETS * TLB_WAYS);
  /** Per set: the way to replace next (the least recently used). */
  private readonly lru = new Uint8Array(TLB_SETS);

  hits = 0;
  misses = 0;

  /** Set of an effective address: its page number's low six bits (EA[14-19]). */
  static setOf(ea: number): number {
    return (ea >>> 12) & (TLB_SETS - 1);
  }

  /** Finds the entry for (vsid, page index); counts the hit or miss and updates LRU. -1 if absent. */
  lookup(vsid: number, pageIndex: number, ea: number): number {
    const entry = this.find(vsid, pageIndex, ea);
    if (entry < 0) {
      this.misses++;
      return -1;
    }
    this.hits++;
    this.lru[entry >>> 1] = (entry & 1) ^ 1;
    return entry;
  }

  /** Like lookup, but without counting or touching LRU (for the inspection API). */
  find(vsid: number, pageIndex: number, ea: number): number {
    const base = Tlb.setOf(ea) * TLB_WAYS;
    for (let way = 0; way < TLB_WAYS; way++) {
      const entry = base + way;
      if (this.valid[entry] !== 0 && this.vsid[entry] === vsid && this.page[entry] === pageIndex) return entry;
    }
    return -1;
  }

  /** Page index held by a valid entry, or -1 for an invalid one. */
  pageAt(entry: number): number {
    return this.valid[entry] !== 0 ? this.page[entry] : -1;
  }

  /** Page index of the valid entry the last insert replaced, or -1 when it replaced none. */
  evictedPage = -1;

  /** Loads a translation into the LRU way of its set (or refreshes an existing entry). */
  insert(vsid: number, pageIndex: number, ea: number, word1: number, pteAddress: number): number {
    const set = Tlb.setOf(ea);
    let entry = this.find(vsid, pageIndex, ea);
    this.evictedPage = -1;
    if (entry < 0) {
      entry = set * TLB_WAYS + this.lru[set];
      if (this.valid[entry] !== 0) this.evictedPage = this.page[entry];
    }
    this.valid[entry] = 1;
    this.vsid[entry] = vsid;
    this.page[entry] = pageIndex;
    this.word1[entry] = word1;
    this.pteAddress[entry] = pteAddress;
    this.lru[set] = (entry & 1) ^ 1;
    return entry;
  }

  /** tlbie: invalidates both ways of the congruence class `ea` selects, whatever their VSID. */
  invalidateClass(ea: number): void {
    const base = Tlb.setOf(ea) * TLB_WAYS;
    for (let way = 0; way < TLB_WAYS; way++) this.valid[base + way] = 0;
  }

  invalidateAll(): void {
    this.valid.fill(0);
  }

  /** Number of valid entries (for the debugger and tests). */
  get occupancy(): number {
    let count = 0;
    for (const v of this.valid) count += v;
    return count;
  }
}
