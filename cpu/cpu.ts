/**
 * The processor: architected state, the fetch-decode-execute loop and exception delivery.
 * Instruction semantics live in cpu/instructions/, one description per mnemonic.
 */
import type { PhysicalMemory } from "../board/physmem.js";
import { Mmu } from "../mmu/mmu.js";
import { DecodeCache, DecodedPage } from "./decode-cache.js";
import { ALIGNMENT_DSISR_PENDING, GuestException, Vector, alignmentDsisr, type VectorOffset } from "./exceptions.js";
import { INSTRUCTIONS } from "./instructions/index.js";
import { MSR, SPR, SRR1_MSR_MASK, XER } from "./spr.js";
import { TimeBase } from "./timebase.js";

export type CpuModel = "750" | "7400";

/** Processor version registers as the parts report them (750 rev 3.1 / 7400 rev 2.9). */
export const PVR_VALUES: Readonly<Record<CpuModel, number>> = { "750": 0x0008_0301, "7400": 0x000c_0209 };

/**
 * Called before an exception is delivered. Returning true means the host has handled it (a
 * test harness emulating an OS, or a runner reporting an unhandled fault) and the guest's
 * vector is not entered.
 */
export type ExceptionHook = (
  cpu: Cpu, vector: VectorOffset, srr0: number, srr1: number, dar: number | undefined, dsisr: number | undefined,
) => boolean;

export type StopReason = "limit" | "stopped";

/** HID0 power-management bits (MPC750 UM §10.2): the mode MSR[POW]=1 enters. */
const HID0_DOZE = 0x0080_0000;
const HID0_NAP = 0x0040_0000;
const HID0_SLEEP = 0x0020_0000;

export class Cpu {
  readonly model: CpuModel;
  readonly mmu: Mmu;
  readonly decodeCache: DecodeCache;
  readonly timeBase: TimeBase;

  /** General-purpose registers, stored as signed 32-bit values. */
  readonly gpr = new Int32Array(32);
  /** Floating-point registers share one buffer so their raw bits can be read and written. */
  readonly fprBuffer = new ArrayBuffer(32 * 8);
  readonly fpr = new Float64Array(this.fprBuffer);
  /** Condition register, all eight fields, as a signed 32-bit value. */
  cr = 0;
  /** XER split into its implemented fields (UISA §3.2.2), each 0 or 1, and the byte count. */
  so = 0;
  ov = 0;
  ca = 0;
  xerByteCount = 0;
  lr = 0;
  ctr = 0;
  fpscr = 0;
  msr = 0;
  /** Every other SPR, by number. Registers with side effects are handled in the mtspr path. */
  readonly spr = new Uint32Array(1024);
  /** Segment registers (OEA §2.3.3). */
  readonly sr = new Uint32Array(16);

  /** Address of the instruction executing now (current instruction address). */
  cia = 0;
  /** Address of the next instruction; handlers that branch overwrite it. */
  pc = 0;

  /** lwarx/stwcx. reservation: valid flag and the physical address of the reserved granule. */
  reserved = false;
  reservationAddress = 0;

  /** Instructions retired since reset. */
  retired = 0;
  /** Exceptions delivered since reset (the trace logic uses it to tell whether one occurred). */
  exceptionsTaken = 0;

  /** The decoded page of the instruction executing now (read by the decode-on-first-use stub). */
  fetchPage: DecodedPage;
  /** 4 in little-endian mode: instruction fetches munge the address like a word access. */
  fetchMunge = 0;
  /** Set when translation state changes so the loop translates the next fetch afresh. */
  fetchStale = true;
  /** Set by devices (the power register) and the host to end run() after this instruction. */
  stopRequested = false;
  /**
   * The loop leaves to check for interrupts when `retired` reaches this (the next decrementer
   * deadline); instructions that may unmask or raise an interrupt set it to 0.
   */
  eventAt = 0;

  exceptionHook: ExceptionHook | undefined;
  /** Set when a machine check arrives with MSR[ME]=0: the processor stops (checkstop state). */
  checkstopped = false;

  constructor(phys: PhysicalMemory, model: CpuModel = "7400", cyclesPerTimeBaseTick = 16) {
    this.model = model;
    this.mmu = new Mmu(phys, this.spr, this.sr);
    this.decodeCache = new DecodeCache(phys);
    this.timeBase = new TimeBase(cyclesPerTimeBaseTick);
    this.fetchPage = new DecodedPage(0);
    this.reset();
  }

  /** Hard-reset state (MPC750 UM §2.1.4): MSR[IP] set, everything else clear, fetch at 0xFFF00100. */
  reset(): void {
    this.gpr.fill(0);
    this.fpr.fill(0);
    this.cr = 0;
    this.so = this.ov = this.ca = this.xerByteCount = 0;
    this.lr = this.ctr = this.fpscr = 0;
    this.setMsr(MSR.IP);
    this.sr.fill(0);
    this.spr.fill(0);
    this.spr[SPR.PVR] = PVR_VALUES[this.model];
    this.mmu.setDabr(0);
    this.timeBase.reset();
    this.reserved = false;
    this.checkstopped = false;
    this.powerDownHalted = false;
    this.pc = this.cia = 0xfff00100 | 0;
    this.mmu.flushTranslationCache();
    this.mmu.itlb.invalidateAll();
    this.mmu.dtlb.invalidateAll();
  }

  /** Cycles spent in doze or nap (MSR[POW]) waiting for an interrupt. */
  idleCycles = 0;
  /** Set when the CPU powered down with nothing that could wake it (run() then returns). */
  powerDownHalted = false;

  /** Cycles elapsed: one per retired instruction until the timing model exists, plus idle time. */
  get cycles(): number {
    return this.retired + this.idleCycles;
  }

  get xer(): number {
    return ((this.so << 31) | (this.ov << 30) | (this.ca << 29) | this.xerByteCount) >>> 0;
  }

  set xer(value: number) {
    this.so = (value >>> 31) & 1;
    this.ov = (value >>> 30) & 1;
    this.ca = (value >>> 29) & 1;
    this.xerByteCount = value & XER.BYTE_COUNT;
  }

  setMsr(value: number): void {
    this.msr = value | 0;
    this.mmu.setMode(this.msr);
    this.fetchMunge = (value & MSR.LE) !== 0 ? 4 : 0;
    this.fetchStale = true;
    this.eventAt = 0; // EE, SE or BE may have changed
  }

  /** Records CR0 from a result (LT, GT, EQ from the signed value; SO copied from XER). */
  setCr0(result: number): void {
    const bits = result < 0 ? 8 : result > 0 ? 4 : 2;
    this.cr = (this.cr & 0x0fffffff) | ((bits | this.so) << 28);
  }

  /** Sets XER[OV] and accumulates XER[SO] (for the `o` forms). */
  setOverflow(overflow: boolean): void {
    if (overflow) {
      this.ov = 1;
      this.so = 1;
    } else {
      this.ov = 0;
    }
  }

  /** Sets CR field `field` (0-7) to a 4-bit value. */
  setCrField(field: number, value: number): void {
    const shift = (7 - field) * 4;
    this.cr = (this.cr & ~(0xf << shift)) | (value << shift);
  }

  getCrField(field: number): number {
    return (this.cr >>> ((7 - field) * 4)) & 0xf;
  }

  /**
   * Abandons the instruction executing now with a program exception (SRR0 = its address).
   * Thrown like a memory fault so the instruction neither writes results nor retires.
   */
  programException(cause: number): never {
    throw new GuestException(Vector.Program, cause);
  }

  /**
   * Takes an exception (OEA §6.4): SRR0 and SRR1 saved, MSR changed to the handler's, execution
   * continues at the vector, relative to 0xFFF00000 when MSR[IP] is set.
   */
  deliverException(vector: VectorOffset, srr0: number, srr1Cause: number, dar?: number, dsisr?: number): void {
    const srr1 = ((this.msr & SRR1_MSR_MASK) | srr1Cause) >>> 0;
    this.exceptionsTaken++;
    if (this.exceptionHook?.(this, vector, srr0, srr1, dar, dsisr) === true) return;
    if (vector === Vector.MachineCheck && (this.msr & MSR.ME) === 0) {
      // MPC750 UM §4.5.2: with machine checks disabled the processor enters checkstop.
      this.checkstopped = true;
      this.stopRequested = true;
      return;
    }
    this.spr[SPR.SRR0] = srr0;
    this.spr[SPR.SRR1] = srr1;
    if (dar !== undefined) this.spr[SPR.DAR] = dar;
    if (dsisr !== undefined) this.spr[SPR.DSISR] = dsisr;
    let newMsr = this.msr & (MSR.ME | MSR.IP | MSR.ILE);
    if (vector === Vector.MachineCheck) newMsr &= ~MSR.ME;
    if ((this.msr & MSR.ILE) !== 0) newMsr |= MSR.LE;
    this.setMsr(newMsr);
    this.pc = (((this.msr & MSR.IP) !== 0 ? 0xfff00000 : 0) + vector) | 0;
  }

  /**
   * Runs until `maxRetired` instructions have retired in total, or something requests a stop.
   * Guest faults become guest exceptions; only host errors escape. An instruction that faults
   * does not retire but counts against the limit.
   */
  run(maxRetired: number): StopReason {
    this.stopRequested = false;
    while (this.retired < maxRetired && !this.stopRequested) {
      this.takePendingInterrupt();
      if ((this.msr & MSR.POW) !== 0 && !this.powerDown()) break;
      const tracing = (this.msr & (MSR.SE | MSR.BE)) !== 0;
      const deadline = this.timeBase.decrementerDeadline();
      const limit = tracing ? this.retired + 1 : Math.min(maxRetired, this.retired + Math.max(1, deadline - this.cycles));
      this.eventAt = limit;
      const exceptionsBefore = this.exceptionsTaken;
      try {
        this.loop();
      } catch (error) {
        if (!(error instanceof GuestException)) throw error;
        // The instruction at cia did not complete; its exception is precise. It still used up
        // one unit of the budget, so an exception storm cannot run past the limit.
        let dsisr = error.dsisr;
        if (dsisr === ALIGNMENT_DSISR_PENDING) dsisr = alignmentDsisr(this.currentInstructionWord());
        this.deliverException(error.vector, this.cia, error.srr1Cause, error.dar, dsisr);
        maxRetired--;
        continue;
      }
      if (tracing && this.exceptionsTaken === exceptionsBefore) this.traceAfter();
      this.timeBase.update(this.cycles);
    }
    return this.stopRequested ? "stopped" : "limit";
  }

  /**
   * MSR[POW]=1 with HID0[DOZE] or HID0[NAP] stops instruction execution until an interrupt
   * (MPC750 UM §10.2.1). The only interrupt source on this board is the decrementer, so the
   * CPU idles until its next deadline. With nothing to wake it (EE off, or sleep mode, which
   * stops the time base) the run ends. Returns false when it ended.
   */
  private powerDown(): boolean {
    const hid0 = this.spr[SPR.HID0];
    if ((hid0 & (HID0_DOZE | HID0_NAP | HID0_SLEEP)) === 0) return true; // POW without a mode: no effect
    const deadline = this.timeBase.decrementerDeadline();
    if ((hid0 & HID0_SLEEP) !== 0 || (this.msr & MSR.EE) === 0) {
      this.powerDownHalted = true;
      this.stopRequested = true;
      return false;
    }
    if (deadline > this.cycles) this.idleCycles += deadline - this.cycles;
    this.takePendingInterrupt(); // the decrementer exception clears MSR[POW]
    return true;
  }

  /**
   * The address IABR stops at, or -1: enabled by IABR[BE], and only while MSR[IR] equals
   * IABR[TE] (MPC750 UM §4.5.13). The exception is taken before the instruction executes.
   */
  private instructionBreakpoint(): number {
    const iabr = this.spr[SPR.IABR];
    if ((iabr & 2) === 0 || (iabr & 1) !== ((this.msr & MSR.IR) !== 0 ? 1 : 0)) return -1;
    return iabr & ~3;
  }

  /** The instruction word at cia, as decoded (it is in the decoded page by the time it faults). */
  currentInstructionWord(): number {
    return this.fetchPage.words[((this.cia ^ this.fetchMunge) >>> 2) & 1023];
  }

  /** Delivers a latched decrementer exception once MSR[EE] allows it (OEA §6.4.9). */
  private takePendingInterrupt(): void {
    this.timeBase.update(this.cycles);
    if (this.timeBase.decrementerPending && (this.msr & MSR.EE) !== 0) {
      this.timeBase.decrementerPending = false;
      this.deliverException(Vector.Decrementer, this.pc, 0);
    }
  }

  /**
   * Single-step (MSR[SE]) traces every completed instruction, branch trace (MSR[BE]) every
   * branch; the trace exception's SRR0 is the next instruction (OEA §6.4.11). rfi and sc do
   * not trace.
   */
  private traceAfter(): void {
    const id = this.fetchPage.ids[((this.cia ^ this.fetchMunge) >>> 2) & 1023];
    const mnemonic = id < 0 ? "" : INSTRUCTIONS[id].mnemonic;
    if (mnemonic === "rfi" || mnemonic === "sc") return;
    const isBranch = id >= 0 && INSTRUCTIONS[id].timing.unit === "BPU";
    if ((this.msr & MSR.SE) !== 0 || isBranch) this.deliverException(Vector.Trace, this.pc, 0);
  }

  private loop(): void {
    let pc = this.pc;
    let page = this.fetchPage;
    let pageEa = -1;
    let munge = this.fetchMunge;
    const breakpoint = this.instructionBreakpoint();
    while (this.retired < this.eventAt && !this.stopRequested) {
      if (pc >>> 12 !== pageEa || this.fetchStale) {
        this.cia = pc;
        this.fetchStale = false;
        munge = this.fetchMunge;
        page = this.decodeCache.page(this.mmu.translateFetch(pc ^ munge));
        this.fetchPage = page;
        pageEa = pc >>> 12;
      }
      const index = ((pc ^ munge) >>> 2) & 1023;
      this.cia = pc;
      if (pc === breakpoint) throw new GuestException(Vector.InstructionAddressBreakpoint, 0);
      this.pc = (pc + 4) | 0;
      page.handlers[index](this, page.words[index]);
      this.retired++;
      pc = this.pc;
    }
  }
}
