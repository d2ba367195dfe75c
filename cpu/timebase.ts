/**
 * The time base and decrementer (OEA §2.3.12-2.3.13), driven by the count of emulated cycles so
 * every run is deterministic. Until the timing model exists, one retired instruction is one
 * cycle; the time base ticks once every `cyclesPerTick` cycles (core clock / (bus / 4)).
 */
export class TimeBase {
  /** Time-base value at cycle 0, adjusted by mtspr TBL/TBU writes. */
  private offset = 0n;
  /** DEC value last written, and the time base at that moment. */
  private decWritten = 0;
  private decWrittenAt = 0n;
  /** A decrementer exception is latched (DEC[0] went from 0 to 1) and not yet taken. */
  decrementerPending = false;
  private decrementerArmed = true;

  constructor(public cyclesPerTick: number) {}

  ticksAt(cycles: number): bigint {
    return BigInt(Math.floor(cycles / this.cyclesPerTick));
  }

  read(cycles: number): bigint {
    return (this.ticksAt(cycles) + this.offset) & 0xffff_ffff_ffff_ffffn;
  }

  write(cycles: number, value: bigint): void {
    // Keep DEC counting from where it was: DEC depends on ticks elapsed, not on the TB value.
    this.offset = (value & 0xffff_ffff_ffff_ffffn) - this.ticksAt(cycles);
  }

  readDecrementer(cycles: number): number {
    return (this.decWritten - Number(this.ticksAt(cycles) - this.decWrittenAt)) | 0;
  }

  writeDecrementer(cycles: number, value: number): void {
    this.decWritten = value | 0;
    this.decWrittenAt = this.ticksAt(cycles);
    // Writing a negative value does not itself raise an exception on the 750 (MPC750 UM §4.5.9);
    // only a transition of DEC[0] from 0 to 1 does.
    this.decrementerArmed = this.decWritten >= 0;
  }

  /** The first cycle count at which DEC goes negative, or Infinity if it will not (already has). */
  decrementerDeadline(): number {
    if (!this.decrementerArmed) return Infinity;
    const tick = this.decWrittenAt + BigInt(this.decWritten) + 1n;
    return Number(tick) * this.cyclesPerTick;
  }

  /** Latches the exception if DEC has gone negative by `cycles`. */
  update(cycles: number): void {
    if (this.decrementerArmed && cycles >= this.decrementerDeadline()) {
      this.decrementerArmed = false;
      this.decrementerPending = true;
    }
  }
}
