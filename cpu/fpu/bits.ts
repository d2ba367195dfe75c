/**
 * Bit-level access to the floating-point registers and to IEEE-754 encodings.
 *
 * A NaN's payload and an SNaN's signalling bit must survive every move (Book I §4.3.2), but V8
 * may quiet an SNaN that travels through a JS number, so anything that might be a NaN is moved
 * as two 32-bit halves. The host is little-endian: FPR n is words[2n] (low) and words[2n+1]
 * (high) of a Uint32Array over the register file's buffer.
 */
import type { Cpu } from "../cpu.js";

let wordsBuffer: ArrayBuffer | undefined;
let words = new Uint32Array(0);

/** The FPRs as 32-bit halves: FPR n is [2n] low, [2n+1] high. */
export function fprWords(cpu: Cpu): Uint32Array {
  if (cpu.fprBuffer !== wordsBuffer) {
    wordsBuffer = cpu.fprBuffer;
    words = new Uint32Array(wordsBuffer);
  }
  return words;
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const scratchSingle = new Float32Array(1);
const scratchSingleWord = new Uint32Array(scratchSingle.buffer);

/** High word of a (non-NaN) double. */
export function highWord(value: number): number {
  scratch[0] = value;
  return scratchWords[1];
}

/** Low word of a (non-NaN) double. */
export function lowWord(value: number): number {
  scratch[0] = value;
  return scratchWords[0];
}

/** The double whose encoding is hi:lo (callers never pass a NaN encoding). */
export function fromWords(hi: number, lo: number): number {
  scratchWords[1] = hi;
  scratchWords[0] = lo;
  return scratch[0];
}

/**
 * The neighbour of a finite nonzero double one unit in the last place away from zero (`away`)
 * or towards zero, by stepping its encoding; crossing a binade needs no special case.
 */
export function stepDouble(value: number, away: boolean): number {
  scratch[0] = value;
  const low = scratchWords[0];
  if (away) {
    if (low === 0xffff_ffff) {
      scratchWords[0] = 0;
      scratchWords[1]++;
    } else {
      scratchWords[0] = low + 1;
    }
  } else if (low === 0) {
    scratchWords[0] = 0xffff_ffff;
    scratchWords[1]--;
  } else {
    scratchWords[0] = low - 1;
  }
  return scratch[0];
}

/** As stepDouble, for a value representable in single format (the step is a single ulp). */
export function stepSingle(value: number, away: boolean): number {
  scratchSingle[0] = value;
  scratchSingleWord[0] += away ? 1 : -1;
  return scratchSingle[0];
}

/** Whether a double lies exactly halfway between two adjacent singles (single-normal range). */
export function isSingleMidpoint(value: number): boolean {
  scratch[0] = value;
  return (scratchWords[0] & 0x1fff_ffff) === 0x1000_0000;
}

/** Operand classes, from the encoding. */
export const Class = { ZERO: 0, DENORMAL: 1, NORMAL: 2, INFINITY: 3, QNAN: 4, SNAN: 5 } as const;

export function classify(hi: number, lo: number): number {
  const exponent = (hi >>> 20) & 0x7ff;
  const fractionZero = ((hi & 0xf_ffff) | lo) === 0;
  if (exponent === 0x7ff) {
    if (fractionZero) return Class.INFINITY;
    return (hi & 0x8_0000) !== 0 ? Class.QNAN : Class.SNAN;
  }
  if (exponent === 0) return fractionZero ? Class.ZERO : Class.DENORMAL;
  return Class.NORMAL;
}

export const isNaNClass = (cls: number): boolean => cls >= Class.QNAN;

/** 2^k for every k from -1074 to 1023, built from encodings so that each is exact. */
const POW2_MIN = -1074;
const POW2 = (() => {
  const table = new Float64Array(1023 - POW2_MIN + 1);
  for (let k = POW2_MIN; k <= 1023; k++) {
    if (k >= -1022) {
      table[k - POW2_MIN] = fromWords((k + 1023) << 20, 0);
    } else {
      const bit = k + 1074; // position in the 52-bit fraction of a denormal
      table[k - POW2_MIN] = bit >= 32 ? fromWords(1 << (bit - 32), 0) : fromWords(0, (1 << bit) >>> 0);
    }
  }
  return table;
})();

/** significand * 2^exponent, exact whenever the product is representable. */
export function scale(significand: number, exponent: number): number {
  if (exponent >= POW2_MIN && exponent <= 1023) return significand * POW2[exponent - POW2_MIN];
  // Outside the table only for results the architecture leaves undefined; still deterministic.
  const half = Math.trunc(exponent / 2);
  return significand * POW2[Math.max(POW2_MIN, Math.min(1023, half)) - POW2_MIN] *
    POW2[Math.max(POW2_MIN, Math.min(1023, exponent - half)) - POW2_MIN];
}

/**
 * The double-format image of a single-format word (Book I §4.6.2, load floating-point single):
 * exact for every input, denormals normalised, NaN payloads (and SNaNs) kept.
 * Returns the high word; the low word is left in `converted.lo`.
 */
export const converted = { lo: 0 };

export function singleToDouble(word: number): number {
  const sign = word & 0x8000_0000;
  const exponent = (word >>> 23) & 0xff;
  let fraction = word & 0x7f_ffff;
  let biased: number;
  if (exponent === 0xff) {
    biased = 0x7ff;
  } else if (exponent !== 0) {
    biased = exponent + 896;
  } else if (fraction === 0) {
    converted.lo = 0;
    return sign >>> 0;
  } else {
    // Denormal: shift the leading 1 up to the implicit-bit position.
    const shift = Math.clz32(fraction) - 8;
    fraction = (fraction << shift) & 0x7f_ffff;
    biased = 897 - shift;
  }
  converted.lo = (fraction << 29) >>> 0;
  return (sign | (biased << 20) | (fraction >>> 3)) >>> 0;
}

/**
 * The single-format word stored by stfs (Book I §4.6.3): a bit selection, never a rounding.
 * Values too small for the single format are denormalised by truncation when their exponent
 * allows (874-896); below that the architecture leaves the result undefined and the 750 gives the
 * same bit selection as for in-range values (the Dolphin project's hardware tests).
 */
export function doubleToSingle(hi: number, lo: number): number {
  const exponent = (hi >>> 20) & 0x7ff;
  if (exponent <= 896 && exponent >= 874 && ((hi & 0x7fff_ffff) | lo) !== 0) {
    const significand = 0x80_0000 | ((hi & 0xf_ffff) << 3) | (lo >>> 29);
    return ((hi & 0x8000_0000) | (significand >>> (897 - exponent))) >>> 0;
  }
  return ((hi & 0xc000_0000) | ((hi & 0x07ff_ffff) << 3) | (lo >>> 29)) >>> 0;
}

/**
 * The 750's single-precision multiplier takes frC's significand rounded to 25 bits, ties away
 * from zero (the 750CL vectors: fmuls 0.25 * 0.35 is exact there; the Dolphin project found the
 * same rounding, including for denormals, which are rounded at 25 bits from their leading 1).
 * Applies to finite nonzero encodings; a carry may reach the exponent. Returns the high word; the
 * low word is left in `converted.lo`.
 */
export function narrowMultiplier(hi: number, lo: number): number {
  const exponent = (hi >>> 20) & 0x7ff;
  if (exponent === 0x7ff || (exponent === 0 && ((hi & 0xf_ffff) | lo) === 0)) {
    converted.lo = lo;
    return hi;
  }
  // Position of the leading significand bit: 52 (the implicit bit) unless denormal.
  let leading = 52;
  if (exponent === 0) leading = (hi & 0xf_ffff) !== 0 ? 63 - Math.clz32(hi & 0xf_ffff) : 31 - Math.clz32(lo);
  const roundBit = leading - 25; // always within the low word
  if (roundBit < 0) {
    converted.lo = lo;
    return hi;
  }
  const keep = ~((2 << roundBit) - 1); // roundBit <= 27: the kept bits' mask in the low word
  let low = (lo & keep) >>> 0;
  if (((lo >>> roundBit) & 1) !== 0) low += 2 << roundBit;
  if (low >= 2 ** 32) {
    converted.lo = low - 2 ** 32;
    return (hi + 1) >>> 0;
  }
  converted.lo = low;
  return hi;
}
