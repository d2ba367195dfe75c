/**
 * A model of a 10.4 task's vm_map as user code sees it through vm_allocate, vm_deallocate,
 * vm_protect (and the mach_vm_* twins) and anonymous mmap: sorted, non-overlapping page-aligned
 * entries, first-fit placement in address order (xnu-vm-ppc.md §3.3-§3.5, docs/user-abi.md §4).
 *
 * Only what decides addresses and return codes is modelled. Entry coalescing (which changes
 * entry counts, never addresses) is not. Addresses are plain numbers; 64-bit mach_vm values stay
 * far below 2^53 in every test.
 */
export const PAGE_SIZE = 0x1000;

export const KERN_SUCCESS = 0;
export const KERN_INVALID_ADDRESS = 1;
export const KERN_PROTECTION_FAILURE = 2;
export const KERN_NO_SPACE = 3;
export const KERN_INVALID_ARGUMENT = 4;

export const VM_PROT_NONE = 0;
export const VM_PROT_READ = 1;
export const VM_PROT_WRITE = 2;
export const VM_PROT_EXECUTE = 4;
export const VM_PROT_DEFAULT = VM_PROT_READ | VM_PROT_WRITE;
export const VM_PROT_ALL = VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE;
export const VM_FLAGS_ANYWHERE = 1;

/** A 32-bit task's map ends here (vm_compute_max_offset). */
export const VM_MAX_ADDRESS_32 = 0xffff_f000;

export interface MapEntry {
  start: number;
  end: number;
  protection: number;
  maxProtection: number;
}

/** Which routine family made the call: vm_* take 32-bit values, mach_vm_* 64-bit ones. */
export type Width = 32 | 64;

const truncPage = (address: number): number => Math.floor(address / PAGE_SIZE) * PAGE_SIZE;
const roundPage = (address: number): number => Math.ceil(address / PAGE_SIZE) * PAGE_SIZE;
const limit = (width: Width): number => (width === 32 ? 2 ** 32 : 2 ** 64);

export class FirstFitMap {
  private readonly list: MapEntry[] = [];

  constructor(
    readonly min = 0,
    readonly max = VM_MAX_ADDRESS_32,
    initial: readonly MapEntry[] = [],
  ) {
    for (const entry of initial) this.insert({ ...entry });
  }

  /** A copy of the entries, in address order. */
  get entries(): MapEntry[] {
    return this.list.map((entry) => ({ ...entry }));
  }

  lookup(address: number): MapEntry | undefined {
    return this.list.find((entry) => entry.start <= address && address < entry.end);
  }

  /**
   * vm_allocate / mach_vm_allocate (§3.4): size 0 succeeds with address 0; anywhere searches
   * first-fit from 0x1000 whatever address was passed; fixed uses the truncated address.
   */
  allocate(address: number, size: number, flags: number): { kr: number; address: number } {
    if (size === 0) return { kr: KERN_SUCCESS, address: 0 };
    const rounded = roundPage(size);
    if ((flags & VM_FLAGS_ANYWHERE) !== 0) {
      const from = this.min === 0 ? this.min + PAGE_SIZE : this.min;
      return this.enterAnywhere(from, rounded, address);
    }
    return this.enterFixed(truncPage(address), rounded, address);
  }

  /**
   * Anonymous mmap (§3.5): without MAP_FIXED the search starts at the page-rounded hint (or at
   * the lowest hole for a hint of 0); with MAP_FIXED existing entries in the range are replaced.
   */
  mapAnonymous(hint: number, size: number, fixed: boolean): { kr: number; address: number } {
    const rounded = roundPage(size);
    if (fixed) {
      const start = truncPage(hint);
      if (start + rounded > this.max || start < this.min) return { kr: KERN_INVALID_ADDRESS, address: hint };
      this.remove(start, start + rounded);
      return this.enterFixed(start, rounded, hint);
    }
    return this.enterAnywhere(Math.max(roundPage(hint), this.min), rounded, hint);
  }

  /** vm_deallocate (§3.4): clips at both ends, skips holes, succeeds even if nothing was there. */
  deallocate(address: number, size: number, width: Width = 32): number {
    if (address + size >= limit(width)) return KERN_INVALID_ARGUMENT;
    if (size === 0) return KERN_SUCCESS;
    this.remove(Math.max(truncPage(address), this.min), Math.min(roundPage(address + size), this.max));
    return KERN_SUCCESS;
  }

  /**
   * vm_protect (vm_map_protect): every page of the range must be mapped (else
   * KERN_INVALID_ADDRESS) and the new protection within each entry's maximum (else
   * KERN_PROTECTION_FAILURE); set_maximum lowers the maximum and the current protection with it.
   */
  protect(address: number, size: number, setMaximum: boolean, protection: number, width: Width = 32): number {
    if (address + size >= limit(width) || (protection & ~VM_PROT_ALL) !== 0) return KERN_INVALID_ARGUMENT;
    const start = truncPage(address);
    const end = roundPage(address + size);
    if (this.lookup(start) === undefined) return KERN_INVALID_ADDRESS;
    let covered = start;
    const touched = this.list.filter((entry) => entry.end > start && entry.start < end);
    for (const entry of touched) {
      if (entry.start > covered) return KERN_INVALID_ADDRESS;
      if ((protection & ~entry.maxProtection) !== 0) return KERN_PROTECTION_FAILURE;
      covered = entry.end;
    }
    if (covered < end) return KERN_INVALID_ADDRESS;
    this.clip(start);
    this.clip(end);
    for (const entry of this.list) {
      if (entry.start < start || entry.end > end) continue;
      if (setMaximum) {
        entry.maxProtection = protection;
        entry.protection &= protection;
      } else {
        entry.protection = protection;
      }
    }
    return KERN_SUCCESS;
  }

  /** vm_map_enter's anywhere loop (§3.3) from `from`: first hole of `size` bytes at or above it. */
  private enterAnywhere(from: number, size: number, input: number): { kr: number; address: number } {
    let start = from;
    const containing = this.lookup(start);
    if (containing !== undefined) start = containing.end;
    for (;;) {
      const end = start + size;
      if (end > this.max) return { kr: KERN_NO_SPACE, address: input };
      const next = this.list.find((entry) => entry.start >= start);
      if (next === undefined || next.start >= end) break;
      start = next.end;
    }
    this.insert({ start, end: start + size, protection: VM_PROT_DEFAULT, maxProtection: VM_PROT_ALL });
    return { kr: KERN_SUCCESS, address: start };
  }

  private enterFixed(start: number, size: number, input: number): { kr: number; address: number } {
    const end = start + size;
    if (start < this.min || end > this.max) return { kr: KERN_INVALID_ADDRESS, address: input };
    if (this.list.some((entry) => entry.start < end && entry.end > start)) return { kr: KERN_NO_SPACE, address: input };
    this.insert({ start, end, protection: VM_PROT_DEFAULT, maxProtection: VM_PROT_ALL });
    return { kr: KERN_SUCCESS, address: start };
  }

  private insert(entry: MapEntry): void {
    const at = this.list.findIndex((other) => other.start > entry.start);
    this.list.splice(at < 0 ? this.list.length : at, 0, entry);
  }

  /** Splits the entry containing `address` (if any) so that an entry boundary falls there. */
  private clip(address: number): void {
    const entry = this.lookup(address);
    if (entry === undefined || entry.start === address) return;
    const tail = { ...entry, start: address };
    entry.end = address;
    this.insert(tail);
  }

  private remove(start: number, end: number): void {
    if (end <= start) return;
    this.clip(start);
    this.clip(end);
    for (let i = this.list.length - 1; i >= 0; i--) {
      if (this.list[i].start >= start && this.list[i].end <= end) this.list.splice(i, 1);
    }
  }
}
