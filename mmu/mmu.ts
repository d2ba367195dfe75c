/**
 * Effective-to-physical translation for the CPU's loads, stores and instruction fetches.
 *
 * Every guest memory access goes through here, so the OEA MMU (BATs, segment registers, the
 * hashed page table and the TLBs) slots in behind this interface without touching the
 * instruction handlers. With MSR[IR]/MSR[DR] clear (real mode) an effective address is the
 * physical address; that is the only mode this file implements so far.
 */
import type { PhysicalMemory } from "../board/physmem.js";

export class Mmu {
  /** MSR[DR] and MSR[IR] as last set by the CPU (cpu.setMsr keeps these in step). */
  dataRelocate = false;
  instructionRelocate = false;

  constructor(readonly phys: PhysicalMemory) {}

  /** Physical address of the instruction at `ea` (ISI faults are thrown from here). */
  translateFetch(ea: number): number {
    return ea >>> 0;
  }

  read8(ea: number): number {
    return this.phys.read8(ea >>> 0);
  }

  read16(ea: number): number {
    return this.phys.read16(ea >>> 0);
  }

  read32(ea: number): number {
    return this.phys.read32(ea >>> 0);
  }

  write8(ea: number, value: number): void {
    this.phys.write8(ea >>> 0, value);
  }

  write16(ea: number, value: number): void {
    this.phys.write16(ea >>> 0, value);
  }

  write32(ea: number, value: number): void {
    this.phys.write32(ea >>> 0, value);
  }

  /**
   * Translates a data address for a cache-block operation (dcbz, dcbf, dcbst, icbi, lwarx's
   * reservation): the access is checked like a load or store, and the physical address returned.
   */
  translateData(ea: number, _isStore: boolean): number {
    return ea >>> 0;
  }
}
