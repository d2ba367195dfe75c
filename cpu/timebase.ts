/**
 * The time base and decrementer (OEA §2.3.12-2.3.13), driven by the count of emulated cycles so
 * every run is deterministic. Until the timing model exists, one retired instruction is one
 * cycle; the time base ticks once every `cyclesPerTick` cycles (core clock / (bus / 4)).
 */
const TWO_TO_THE_32 = 0x1_0000_0000n;

export class TimeBase {
  /** Time-base value at cycle 0, adjusted by mtspr TBL/TBU writes. */
  private offset = 0n;
  /** DEC value last written, and the tick count at that moment. */
  private decWritten = 0;
  private decWrittenAt = 0n;
  /** The tick at which DEC[0] next goes from 0 to 1. */
  private nextTransition = 1n;
  /** A decrementer exception is latched (DEC[0] went from 0 to 1) and not yet taken. */
  decrementerPending = false;

  constructor(public cyclesPerTick: number) {}

  /** Power-on state: time base 0, DEC 0 (so DEC[0] goes to 1 on the first tick), nothing latched. */
  reset(): void {
    this.offset = 0n;
    this.decWritten = 0;
    this.decWrittenAt = 0n;
    this.nextTransition = 1n;
    this.decrementerPending = false;
  }

  ticksAt(cycles: number): bigint {
    return BigInt(Math.floor(cycles / this.cyclesPerTick));
  }

  read(cycles: number): bigint {
    return (this.ticksAt(cycles) + this.offset) & 0xffff_ffff_ffff_ffffn;
  }

  write(cycles: number, value: bigint): void {
    // DEC depends on ticks elapsed, not on the TB value, so it keeps counting from where it was.
    this.offset = (value & 0xffff_ffff_ffff_ffffn) - this.ticksAt(cycles);
  }

  readDecrementer(cycles: number): number {
    return (this.decWritten - Number(this.ticksAt(cycles) - this.decWrittenAt)) | 0;
  }

  /**
   * Writing DEC restarts the count from the value written. A negative value does not itself raise
   * an exception on the 750 (MPC750 UM §4.5.9); the next 0-to-1 transition of DEC[0] comes when the
   * count has wrapped through 0x7FFFFFFF and down to -1 again.
   */
  writeDecrementer(cycles: number, value: number): void {
    this.decWritten = value | 0;
    this.decWrittenAt = this.ticksAt(cycles);
    this.nextTransition = this.decWrittenAt + BigInt(this.decWritten) + 1n + (this.decWritten < 0 ? TWO_TO_THE_32 : 0n);
  }

  /** The first cycle count at which DEC[0] goes from 0 to 1 next. */
  decrementerDeadline(): number {
    return Number(this.nextTransition) * this.cyclesPerTick;
  }

  /** Latches the exception if DEC[0] has gone from 0 to 1 by `cycles`; DEC keeps counting. */
  update(cycles: number): void {
    if (cycles >= this.decrementerDeadline()) {
      this.decrementerPending = true;
      const ticks = this.ticksAt(cycles);
      while (this.nextTransition <= ticks) this.nextTransition += TWO_TO_THE_32;
    }
  }
}
