/**
 * Operand values for the differential test: uniform random values, with extra weight on the
 * values where integer semantics have edges (sign boundaries, carries, shift counts).
 */
import type { Rng } from "./rng.js";

/** 32-bit edge values, as unsigned numbers. */
export const EDGE_WORDS: readonly number[] = [
  0, 1, 2, 3, 0xffff_ffff, 0xffff_fffe, 0x7fff_ffff, 0x7fff_fffe, 0x8000_0000, 0x8000_0001,
  0x0000_7fff, 0x0000_8000, 0x0000_ffff, 0x0001_0000, 0xffff_8000, 0xffff_7fff, 0xffff_0000,
  0x0000_00ff, 0x0000_0080, 0x0000_007f, 0xffff_ff80, 0xffff_ff7f, 0x5555_5555, 0xaaaa_aaaa,
  31, 32, 33, 63, 64, 0x0000_001f, 0x0000_003f, 0x8000_001f, 0xffff_ffe0, 0x00ff_ff00,
];

/** 16-bit immediate edge values, as they sit in the instruction (unsigned). */
export const EDGE_HALVES: readonly number[] = [0, 1, 2, 0x7fff, 0x8000, 0x8001, 0xffff, 0xfffe, 0x00ff, 0xff00, 0x0080, 31, 32, 63];

/** Shift counts: six bits, where 32-63 shift everything out (PEM ch. 8, slw/srw/sraw). */
export const EDGE_SHIFTS: readonly number[] = [0, 1, 15, 16, 30, 31, 32, 33, 47, 62, 63];

/** The values where signed and unsigned arithmetic overflow or carry. */
export const SIGN_EDGES: readonly number[] = [0, 1, 0xffff_ffff, 0x7fff_ffff, 0x8000_0000];

export function randomWord(rng: Rng): number {
  const kind = rng.below(20);
  if (kind < 3) return rng.pick(SIGN_EDGES);
  if (kind < 7) return rng.pick(EDGE_WORDS);
  if (kind < 10) return (rng.between(-64, 64) >>> 0);
  if (kind < 12) return (rng.pick(EDGE_WORDS) + rng.between(-3, 3)) >>> 0;
  return rng.u32();
}

/** A 16-bit immediate field value (0-0xFFFF). */
export function randomHalf(rng: Rng): number {
  const kind = rng.below(10);
  if (kind < 4) return rng.pick(EDGE_HALVES);
  if (kind < 6) return rng.between(-32, 32) & 0xffff;
  return rng.below(0x10000);
}

/** A 5-bit field (shift, MB, ME, SH) with weight on 0, 1, 16, 30 and 31. */
export function randomFive(rng: Rng): number {
  return rng.chance(0.4) ? rng.pick([0, 1, 15, 16, 30, 31]) : rng.below(32);
}

/** A six-bit shift count for slw/srw/sraw. */
export function randomShift(rng: Rng): number {
  return rng.chance(0.5) ? rng.pick(EDGE_SHIFTS) : rng.below(64);
}
