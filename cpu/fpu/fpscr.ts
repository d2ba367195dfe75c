/**
 * The Floating-Point Status and Control Register (UISA §2.1.4; Book I §4.2.2) and the rules by
 * which an instruction's outcome updates it: sticky exception bits, FX on a 0-to-1 transition,
 * the summaries VX and FEX, FR/FI/FPRF, CR1 for Rc=1, and the floating-point enabled program
 * exception when MSR[FE0] or MSR[FE1] is set (OEA §6.4.7).
 */
import type { Cpu } from "../cpu.js";
import { GuestException, ProgramCause, Vector } from "../exceptions.js";
import { MSR } from "../spr.js";

/** FPSCR bits, bit 0 being the most significant. */
export const FPSCR = {
  FX: 0x8000_0000,
  FEX: 0x4000_0000,
  VX: 0x2000_0000,
  OX: 0x1000_0000,
  UX: 0x0800_0000,
  ZX: 0x0400_0000,
  XX: 0x0200_0000,
  VXSNAN: 0x0100_0000,
  VXISI: 0x0080_0000,
  VXIDI: 0x0040_0000,
  VXZDZ: 0x0020_0000,
  VXIMZ: 0x0010_0000,
  VXVC: 0x0008_0000,
  FR: 0x0004_0000,
  FI: 0x0002_0000,
  /** Result flags: class bit C and the condition code FPCC (FL, FG, FE, FU). */
  FPRF: 0x0001_f000,
  FPCC: 0x0000_f000,
  /** Bit 20 is reserved and always reads 0 on the 750 and 7400. */
  RESERVED: 0x0000_0800,
  VXSOFT: 0x0000_0400,
  VXSQRT: 0x0000_0200,
  VXCVI: 0x0000_0100,
  VE: 0x0000_0080,
  OE: 0x0000_0040,
  UE: 0x0000_0020,
  ZE: 0x0000_0010,
  XE: 0x0000_0008,
  NI: 0x0000_0004,
  RN: 0x0000_0003,
} as const;

/** Every invalid-operation cause; VX is their OR. */
export const VX_CAUSES =
  FPSCR.VXSNAN | FPSCR.VXISI | FPSCR.VXIDI | FPSCR.VXZDZ | FPSCR.VXIMZ | FPSCR.VXVC |
  FPSCR.VXSOFT | FPSCR.VXSQRT | FPSCR.VXCVI;

/** The sticky exception bits whose 0-to-1 transition sets FX. */
export const EXCEPTION_BITS = FPSCR.OX | FPSCR.UX | FPSCR.ZX | FPSCR.XX | VX_CAUSES;

/** FPRF values (Book I Figure "Floating-Point Result Flags"): C || FPCC. */
export const FPRF = {
  QNAN: 0x1_1000,
  NEG_INFINITY: 0x0_9000,
  NEG_NORMAL: 0x0_8000,
  NEG_DENORMAL: 0x1_8000,
  NEG_ZERO: 0x1_2000,
  POS_ZERO: 0x0_2000,
  POS_DENORMAL: 0x1_4000,
  POS_NORMAL: 0x0_4000,
  POS_INFINITY: 0x0_5000,
} as const;

/** Rounding modes, FPSCR[RN]. */
export const RoundingMode = { NEAREST: 0, ZERO: 1, POSITIVE: 2, NEGATIVE: 3 } as const;

const FE_BITS = MSR.FE0 | MSR.FE1;

/** Recomputes the summary bits VX and FEX from the causes and enables (Book I §4.2.2). */
export function withSummaries(fpscr: number): number {
  let value = fpscr & ~(FPSCR.FEX | FPSCR.VX | FPSCR.RESERVED);
  if ((value & VX_CAUSES) !== 0) value |= FPSCR.VX;
  // VX, OX, UX, ZX, XX (bits 2-6) line up with VE, OE, UE, ZE, XE (bits 24-28) after >>> 22.
  if (((value >>> 22) & value & 0xf8) !== 0) value |= FPSCR.FEX;
  return value | 0;
}

/** Whether an instruction that raised `exceptions` raised one whose enable bit is set. */
export function raisesEnabled(exceptions: number, fpscr: number): boolean {
  const summary = (exceptions & VX_CAUSES) !== 0 ? exceptions | FPSCR.VX : exceptions;
  return ((summary >>> 22) & fpscr & 0xf8) !== 0;
}

/**
 * Takes the floating-point enabled program exception (OEA §6.4.7). The 750 and 7400 run both
 * imprecise modes as precise, so any nonzero MSR[FE0,FE1] takes it at the instruction, after the
 * instruction has updated its target, the FPSCR and CR1 as the enabled-exception rules say.
 */
export function floatingPointEnabledException(): never {
  throw new GuestException(Vector.Program, ProgramCause.FloatingPointEnabled);
}

/**
 * Applies an arithmetic instruction's outcome to the FPSCR: sets `exceptions` (sticky) and FX
 * if any of them is new, replaces FR and FI with `status`, and FPRF with `fprf` unless it is -1.
 * Then CR1 when `record` (Rc=1), then the enabled exception if one was raised.
 */
export function updateFpscr(cpu: Cpu, exceptions: number, status: number, fprf: number, record: boolean): void {
  const old = cpu.fpscr;
  if ((exceptions & ~old) === 0 && fprf >= 0 && (cpu.msr & FE_BITS) === 0) {
    // Common case: no exception bit changes, so FX and the summaries stay as they are.
    const fpscr = (old & ~(FPSCR.FR | FPSCR.FI | FPSCR.FPRF)) | status | fprf;
    cpu.fpscr = fpscr;
    if (record) cpu.setCrField(1, fpscr >>> 28);
    return;
  }
  if (fprf < 0) applyToFpscr(cpu, FPSCR.FR | FPSCR.FI, exceptions | status, exceptions, record);
  else applyToFpscr(cpu, FPSCR.FR | FPSCR.FI | FPSCR.FPRF, exceptions | status | fprf, exceptions, record);
}

/**
 * The general form: replaces the bits in `replaced` with `bits`, where `exceptions` are the
 * exception bits the instruction raised (FX is set when one of them was clear before).
 */
export function applyToFpscr(cpu: Cpu, replaced: number, bits: number, exceptions: number, record: boolean): void {
  const old = cpu.fpscr;
  let fpscr = (old & ~replaced) | bits;
  if ((exceptions & ~old & EXCEPTION_BITS) !== 0) fpscr |= FPSCR.FX;
  fpscr = withSummaries(fpscr);
  cpu.fpscr = fpscr;
  if (record) cpu.setCrField(1, fpscr >>> 28);
  if (exceptions !== 0 && (cpu.msr & FE_BITS) !== 0 && raisesEnabled(exceptions, fpscr)) {
    floatingPointEnabledException();
  }
}

/**
 * After an instruction that writes the FPSCR directly (mtfsf, mtfsfi, mtfsb0, mtfsb1): CR1 for
 * Rc=1, then the enabled exception if it left an exception bit and its enable both set.
 */
export function afterFpscrWrite(cpu: Cpu, record: boolean): void {
  const fpscr = cpu.fpscr;
  if (record) cpu.setCrField(1, fpscr >>> 28);
  if ((fpscr & FPSCR.FEX) !== 0 && (cpu.msr & FE_BITS) !== 0) floatingPointEnabledException();
}

/** FPRF of a (non-NaN) result held as a JS number, classified in the target precision. */
export function fprfOf(value: number, single: boolean): number {
  if (value === 0) return 1 / value < 0 ? FPRF.NEG_ZERO : FPRF.POS_ZERO;
  const magnitude = Math.abs(value);
  if (magnitude === Infinity) return value < 0 ? FPRF.NEG_INFINITY : FPRF.POS_INFINITY;
  if (magnitude < (single ? 2 ** -126 : 2 ** -1022)) return value < 0 ? FPRF.NEG_DENORMAL : FPRF.POS_DENORMAL;
  return value < 0 ? FPRF.NEG_NORMAL : FPRF.POS_NORMAL;
}
