/**
 * Fused multiply-add on hard cases, in every rounding mode, against a reference written here:
 * exact rational arithmetic on BigInts and a rounding routine of its own, sharing no code with
 * cpu/fpu. The constructed cases put a*c + b exactly on, or a hair beside, a rounding boundary
 * of the target format, which is where rounding the product first (or rounding to double on the
 * way to single) gives a different answer; the test checks that such cases are present.
 * The same reference then checks random fadd/fsub/fmul/fdiv and multiply-adds over the whole
 * exponent range, which exercises both the fast and the exact paths of the FPU.
 */
import { describe, expect, it } from "vitest";
import type { Cpu, CpuModel } from "../../cpu/cpu.js";
import { fprWords } from "../../cpu/fpu/bits.js";
import { MSR } from "../../cpu/spr.js";
import { executeOne, makeCpu } from "../support/cpu.js";

// --- the reference -------------------------------------------------------------------------

interface Rational {
  num: bigint; // signed
  den: bigint; // > 0, a power of two here
}

const MODES = ["nearest", "zero", "positive", "negative"] as const;

function bitLen(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** The exact value of a finite double encoding. */
function valueOf(bits: bigint): Rational {
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  const signed = negative ? -mantissa : mantissa;
  return exponent >= 0 ? { num: signed << BigInt(exponent), den: 1n } : { num: signed, den: 1n << BigInt(-exponent) };
}

const mul = (x: Rational, y: Rational): Rational => ({ num: x.num * y.num, den: x.den * y.den });
const addR = (x: Rational, y: Rational): Rational => ({ num: x.num * y.den + y.num * x.den, den: x.den * y.den });
const neg = (x: Rational): Rational => ({ num: -x.num, den: x.den });

/** The encoding of sign * q * 2^lsb as a double (the value must be representable). */
function encode(negative: boolean, q: bigint, lsb: number): bigint {
  const sign = negative ? 1n << 63n : 0n;
  if (q === 0n) return sign;
  const shift = 53 - bitLen(q);
  const m = q << BigInt(shift);
  const e = lsb - shift; // value = m * 2^e, m in [2^52, 2^53)
  const biased = e + 52 + 1023;
  if (biased >= 1) return sign | (BigInt(biased) << 52n) | (m - (1n << 52n));
  // denormal: fraction = value / 2^-1074
  const fraction = m >> BigInt(1 - biased);
  if (fraction << BigInt(1 - biased) !== m) throw new Error("reference: unrepresentable denormal");
  return sign | fraction;
}

interface Rounded {
  bits: bigint;
  inexact: boolean;
  up: boolean;
  overflow: boolean;
  underflow: boolean; // tiny before rounding and inexact
}

/** x rounded to `precision` bits (53 or 24) in `mode`, IEEE default (disabled) exception results. */
function roundRational(x: Rational, precision: number, mode: number, zeroNegative: boolean): Rounded {
  const emin = precision === 53 ? -1022 : -126;
  const emax = precision === 53 ? 1023 : 127;
  if (x.num === 0n) return { bits: zeroNegative ? 1n << 63n : 0n, inexact: false, up: false, overflow: false, underflow: false };
  const negative = x.num < 0n;
  const n = negative ? -x.num : x.num;
  const d = x.den;
  // E with 2^E <= n/d < 2^(E+1)
  let E = bitLen(n) - bitLen(d);
  const atLeast = (k: number): boolean => (k >= 0 ? n >= d << BigInt(k) : n << BigInt(-k) >= d);
  while (!atLeast(E)) E--;
  while (atLeast(E + 1)) E++;
  let lsb = Math.max(E, emin) - (precision - 1);
  const num = lsb >= 0 ? n : n << BigInt(-lsb);
  const den = lsb >= 0 ? d << BigInt(lsb) : d;
  let q = num / den;
  const r = num - q * den;
  const inexact = r !== 0n;
  let up = false;
  if (inexact) {
    if (mode === 0) up = 2n * r > den || (2n * r === den && (q & 1n) === 1n);
    else if (mode === 2) up = !negative;
    else if (mode === 3) up = negative;
  }
  if (up) q += 1n;
  if (q === 1n << BigInt(precision)) {
    q >>= 1n;
    lsb += 1;
  }
  if (bitLen(q) + lsb - 1 > emax) {
    const toInfinity = mode === 0 || (mode === 2 && !negative) || (mode === 3 && negative);
    const sign = negative ? 1n << 63n : 0n;
    const maxBits = precision === 53 ? 0x7fef_ffff_ffff_ffffn : 0x47ef_ffff_e000_0000n;
    return { bits: sign | (toInfinity ? 0x7ff0_0000_0000_0000n : maxBits), inexact: true, up, overflow: true, underflow: false };
  }
  return { bits: encode(negative, q, lsb), inexact, up, overflow: false, underflow: E < emin && inexact };
}

/** FPRF the architecture gives a rounded result of the given precision. */
function fprfOfBits(bits: bigint, precision: number): number {
  const negative = bits >> 63n === 1n;
  const magnitude = bits & 0x7fff_ffff_ffff_ffffn;
  if (magnitude === 0n) return negative ? 0x12 : 0x02;
  if (magnitude === 0x7ff0_0000_0000_0000n) return negative ? 0x09 : 0x05;
  const minNormal = precision === 53 ? 0x0010_0000_0000_0000n : 0x3810_0000_0000_0000n;
  if (magnitude < minNormal) return negative ? 0x18 : 0x14;
  return negative ? 0x08 : 0x04;
}

// --- running instructions ------------------------------------------------------------------

const hex = (b: bigint): string => `0x${b.toString(16).padStart(16, "0")}`;

function setFpr(cpu: Cpu, n: number, bits: bigint): void {
  const words = fprWords(cpu);
  words[2 * n + 1] = Number(bits >> 32n);
  words[2 * n] = Number(bits & 0xffff_ffffn);
}

function getFpr(cpu: Cpu, n: number): bigint {
  const words = fprWords(cpu);
  return (BigInt(words[2 * n + 1]) << 32n) | BigInt(words[2 * n]);
}

const aForm = (opcd: number, xo: number): number => ((opcd << 26) | (1 << 21) | (2 << 16) | (3 << 11) | (4 << 6) | (xo << 1)) >>> 0;

interface Operation {
  name: string;
  word: number; // f1 <- f2 (A), f3 (B), f4 (C)
  precision: 53 | 24;
  exact: (a: Rational, b: Rational, c: Rational) => Rational;
  /** fnm*: the rounded result is negated. */
  negate: boolean;
  /** Sign of an exact zero result, given the operands' signs and the mode (IEEE rules). */
  zeroSign: (a: bigint, b: bigint, c: bigint, mode: number) => boolean;
}

const signBit = (bits: bigint): boolean => bits >> 63n === 1n;
const sumZeroSign = (x: boolean, y: boolean, mode: number): boolean => (x === y ? x : mode === 3);

function fused(name: string, xo: number, opcd: 59 | 63, subtract: boolean, negate: boolean): Operation {
  return {
    name, word: aForm(opcd, xo), precision: opcd === 63 ? 53 : 24, negate,
    exact: (a, b, c) => addR(mul(a, c), subtract ? neg(b) : b),
    zeroSign: (a, b, c, mode) => sumZeroSign(signBit(a) !== signBit(c), signBit(b) !== subtract, mode),
  };
}

const FUSED: Operation[] = [
  fused("fmadd", 29, 63, false, false), fused("fmsub", 28, 63, true, false),
  fused("fnmadd", 31, 63, false, true), fused("fnmsub", 30, 63, true, true),
  fused("fmadds", 29, 59, false, false), fused("fmsubs", 28, 59, true, false),
  fused("fnmadds", 31, 59, false, true), fused("fnmsubs", 30, 59, true, true),
];

const OTHERS: Operation[] = [63, 59].flatMap((opcd) => {
  const precision = opcd === 63 ? 53 : 24;
  const suffix = opcd === 63 ? "" : "s";
  return [
    { name: `fadd${suffix}`, word: aForm(opcd, 21), precision, negate: false, exact: (a: Rational, b: Rational) => addR(a, b),
      zeroSign: (a: bigint, b: bigint, _c: bigint, mode: number) => sumZeroSign(signBit(a), signBit(b), mode) },
    { name: `fsub${suffix}`, word: aForm(opcd, 20), precision, negate: false, exact: (a: Rational, b: Rational) => addR(a, neg(b)),
      zeroSign: (a: bigint, b: bigint, _c: bigint, mode: number) => sumZeroSign(signBit(a), !signBit(b), mode) },
    { name: `fmul${suffix}`, word: aForm(opcd, 25), precision, negate: false,
      exact: (a: Rational, _b: Rational, c: Rational) => mul(a, c),
      zeroSign: (a: bigint, _b: bigint, c: bigint) => signBit(a) !== signBit(c) },
    { name: `fdiv${suffix}`, word: aForm(opcd, 18), precision, negate: false,
      exact: (a: Rational, b: Rational) => ({ num: a.num * b.den * (b.num < 0n ? -1n : 1n), den: a.den * (b.num < 0n ? -b.num : b.num) }),
      zeroSign: (a: bigint, b: bigint) => signBit(a) !== signBit(b) },
  ] as Operation[];
});

/** Expected frD and FPSCR bits for finite nonzero-divisor operands (IEEE default results). */
function expected(op: Operation, a: bigint, b: bigint, c: bigint, mode: number): { bits: bigint; fpscr: number } {
  const x = op.exact(valueOf(a), valueOf(b), valueOf(c));
  const r = roundRational(x, op.precision, mode, op.zeroSign(a, b, c, mode));
  const bits = op.negate ? r.bits ^ (1n << 63n) : r.bits;
  let fpscr = mode;
  if (r.overflow) fpscr |= 0x1000_0000 | 0x0200_0000; // OX, XX
  if (r.underflow) fpscr |= 0x0800_0000; // UX
  if (r.inexact) fpscr |= 0x0200_0000 | 0x0002_0000; // XX, FI
  if (r.up) fpscr |= 0x0004_0000; // FR
  if ((fpscr & 0x1a00_0000) !== 0) fpscr |= 0x8000_0000; // FX: an exception bit went from 0 to 1
  fpscr |= fprfOfBits(bits, op.precision) << 12;
  return { bits, fpscr: fpscr >>> 0 };
}

function run(cpu: Cpu, op: Operation, a: bigint, b: bigint, c: bigint, mode: number): { bits: bigint; fpscr: number } {
  setFpr(cpu, 1, 0n);
  setFpr(cpu, 2, a);
  setFpr(cpu, 3, b);
  setFpr(cpu, 4, c);
  cpu.fpscr = mode;
  cpu.setMsr(cpu.msr | MSR.FP);
  executeOne(cpu, op.word);
  return { bits: getFpr(cpu, 1), fpscr: cpu.fpscr >>> 0 };
}

/** Runs every case in every mode; returns the mismatches (first few described). */
function check(cpu: Cpu, op: Operation, cases: [bigint, bigint, bigint][]): string[] {
  const failures: string[] = [];
  for (const [a, b, c] of cases) {
    for (let mode = 0; mode < 4; mode++) {
      const want = expected(op, a, b, c, mode);
      const got = run(cpu, op, a, b, c, mode);
      if (got.bits !== want.bits || got.fpscr !== want.fpscr) {
        failures.push(
          `${op.name} ${MODES[mode]} a=${hex(a)} b=${hex(b)} c=${hex(c)}: ` +
            `got ${hex(got.bits)} FPSCR ${got.fpscr.toString(16)}, want ${hex(want.bits)} FPSCR ${want.fpscr.toString(16)}`,
        );
      }
    }
  }
  return failures;
}

// --- case generators ------------------------------------------------------------------------

/** A small deterministic generator (xorshift128+), so every run tests the same cases. */
function rng(seed: number): () => bigint {
  let s0 = BigInt(seed) | 1n;
  let s1 = 0x9e37_79b9_7f4a_7c15n;
  const mask = (1n << 64n) - 1n;
  return () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= (x << 23n) & mask;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (s1 + y) & mask;
  };
}

function doubleBits(negative: boolean, mantissa: bigint, exponent: number): bigint {
  // value = mantissa * 2^exponent, mantissa in [2^52, 2^53): a normal double
  return (negative ? 1n << 63n : 0n) | (BigInt(exponent + 52 + 1023) << 52n) | (mantissa - (1n << 52n));
}

/**
 * Double-target ties: a*c = P exactly (106 bits); b = M - P where M is the midpoint between the
 * two doubles around P, so a*c + b = M; then b nudged by one ulp either way, so the exact sum
 * sits a hair above or below the midpoint. Rounding the product first loses exactly that hair.
 */
function doubleTieCases(next: () => bigint, count: number): [bigint, bigint, bigint][] {
  const cases: [bigint, bigint, bigint][] = [];
  while (cases.length < count) {
    const ma = (next() & ((1n << 52n) - 1n)) | (1n << 52n);
    const mc = (next() & ((1n << 52n) - 1n)) | (1n << 52n);
    const ea = Number(next() % 200n) - 100 - 52;
    const ec = Number(next() % 200n) - 100 - 52;
    const P = ma * mc; // value P * 2^(ea+ec), 105 or 106 bits
    const drop = bitLen(P) - 53; // bits below the double's last place
    const midpoint = ((P >> BigInt(drop)) << BigInt(drop)) + (1n << BigInt(drop - 1));
    const diff = midpoint - P; // b * 2^-(ea+ec); fits in 53 bits by construction
    if (diff === 0n) continue;
    const diffNegative = diff < 0n;
    const magnitude = diffNegative ? -diff : diff;
    const shift = 53 - bitLen(magnitude);
    const mb = magnitude << BigInt(shift);
    const b = doubleBits(diffNegative, mb, ea + ec - shift);
    const a = doubleBits(next() % 2n === 0n, ma, ea);
    const cSign = signBit(a); // keep a*c positive so b's sign is right
    const c = doubleBits(cSign, mc, ec);
    cases.push([a, b, c], [a, b + 1n, c], [a, b - 1n, c]);
  }
  return cases;
}

/**
 * Single-target double-rounding traps: single-precision a and c whose product has exactly 25
 * significant bits, so it is a midpoint between two singles, plus a tiny b far below a double's
 * last place. The exact sum is just off the midpoint; rounding it to double first lands exactly
 * on the midpoint and ties-to-even then goes the wrong way half of the time.
 */
function singleTrapCases(next: () => bigint, count: number): [bigint, bigint, bigint][] {
  const cases: [bigint, bigint, bigint][] = [];
  while (cases.length < count) {
    const A = (next() & 0xfffn) | 0x1001n; // odd, 13 bits
    const C = (next() & 0xfffn) | 0x1001n;
    const P = A * C;
    if (bitLen(P) !== 25) continue;
    const ea = Number(next() % 40n) - 20;
    const ec = Number(next() % 40n) - 20;
    const a = doubleBits(next() % 2n === 0n, A << BigInt(53 - bitLen(A)), ea - (53 - bitLen(A)));
    const c = doubleBits(next() % 2n === 0n, C << BigInt(53 - bitLen(C)), ec - (53 - bitLen(C)));
    const top = ea + ec + 24; // P * 2^(ea+ec) < 2^(top+1)
    const tinyExponent = top - 60 - Number(next() % 30n);
    const mb = (next() & ((1n << 52n) - 1n)) | (1n << 52n);
    cases.push([a, doubleBits(false, mb, tinyExponent - 52), c], [a, doubleBits(true, mb, tinyExponent - 52), c]);
  }
  return cases;
}

/** Catastrophic cancellation: b = -(a*c rounded to k bits), so only a*c's low bits survive. */
function cancellationCases(next: () => bigint, count: number): [bigint, bigint, bigint][] {
  const cases: [bigint, bigint, bigint][] = [];
  while (cases.length < count) {
    const ma = (next() & ((1n << 52n) - 1n)) | (1n << 52n);
    const mc = (next() & ((1n << 52n) - 1n)) | (1n << 52n);
    const ea = Number(next() % 100n) - 50 - 52;
    const ec = Number(next() % 100n) - 50 - 52;
    const P = ma * mc;
    const keep = 53 - Number(next() % 10n);
    const drop = bitLen(P) - keep;
    const high = (P >> BigInt(drop)) << BigInt(drop);
    const shift = 53 - bitLen(high >> BigInt(drop));
    const mb = (high >> BigInt(drop)) << BigInt(shift);
    const b = doubleBits(true, mb, ea + ec + drop - shift);
    cases.push([doubleBits(false, ma, ea), b, doubleBits(false, mc, ec)]);
  }
  return cases;
}

/**
 * Ties and near-ties where the result is denormal, so the rounding point is fixed by the format's
 * minimum exponent rather than by the leading bit: a*c = m * 2^(lsb - j) exactly, with the j
 * discarded bits 100..0 (a tie) or one unit either side of it. b is a signed zero or a denormal.
 */
function denormalTieCases(next: () => bigint, precision: 53 | 24, count: number): [bigint, bigint, bigint][] {
  const cases: [bigint, bigint, bigint][] = [];
  const lsb = precision === 53 ? -1074 : -149;
  while (cases.length < count) {
    const j = 1 + Number(next() % BigInt(precision === 53 ? 40 : 20));
    const width = precision === 53 ? 53 : 24; // a's significand width (single inputs for single ops)
    let m = (next() & ((1n << BigInt(width - 1)) - 1n)) | (1n << BigInt(width - 1));
    const nudge = [0n, 1n, -1n][Number(next() % 3n)];
    m = ((m >> BigInt(j)) << BigInt(j)) + (1n << BigInt(j - 1)) + nudge;
    // a = m * 2^-(width-1) in [1, 2); c = 2^(lsb - j + width - 1), so a*c = m * 2^(lsb - j).
    const a = doubleBits(next() % 2n === 0n, m << BigInt(53 - width), -(width - 1) - (53 - width));
    const cExponent = lsb - j + width - 1;
    const c = cExponent >= -1022 ? BigInt(cExponent + 1023) << 52n : 1n << BigInt(cExponent + 1074);
    const b = next() % 2n === 0n ? (next() % 2n === 0n ? 0n : 1n << 63n) : (next() % 2n === 0n ? 0n : 1n << 63n) | 1n;
    cases.push([a, b, c]);
  }
  return cases;
}

/** Boundaries: DBL_MAX/FLT_MAX plus half an ulp (and a hair either side), and just below the least normal. */
const BOUNDARY_CASES: [bigint, bigint, bigint][] = [
  [0x7fef_ffff_ffff_ffffn, 0x7c90_0000_0000_0000n, 0x3ff0_0000_0000_0000n], // DBL_MAX + 2^970: a tie
  [0x7fef_ffff_ffff_ffffn, 0x7c90_0000_0000_0001n, 0x3ff0_0000_0000_0000n],
  [0x7fef_ffff_ffff_ffffn, 0x7c8f_ffff_ffff_ffffn, 0x3ff0_0000_0000_0000n],
  [0xffef_ffff_ffff_ffffn, 0xfc90_0000_0000_0000n, 0x3ff0_0000_0000_0000n],
  [0x47ef_ffff_e000_0000n, 0x4660_0000_0000_0000n, 0x3ff0_0000_0000_0000n], // FLT_MAX + 2^103
  [0x47ef_ffff_e000_0000n, 0x4660_0000_0000_0001n, 0x3ff0_0000_0000_0000n],
  [0x47ef_ffff_e000_0000n, 0x465f_ffff_ffff_ffffn, 0x3ff0_0000_0000_0000n],
  [0x3fef_ffff_ffff_ffffn, 0x0000_0000_0000_0000n, 0x0010_0000_0000_0000n], // 2^-1022 - 2^-1075
  [0x3fef_ffff_ffff_fffen, 0x8000_0000_0000_0000n, 0x0010_0000_0000_0000n],
  [0x3fef_ffff_f000_0000n, 0x0000_0000_0000_0000n, 0x3810_0000_0000_0000n], // 2^-126 (1 - 2^-25)
  [0x3fef_ffff_e000_0000n, 0x0000_0000_0000_0000n, 0x3810_0000_0000_0000n],
  [0x7fe0_0000_0000_0000n, 0x0000_0000_0000_0000n, 0x4000_0000_0000_0000n], // 2^1023 * 2: overflow
];

/** Random operands over the whole range: normals of any exponent, denormals, zeros, extremes. */
function randomOperand(next: () => bigint): bigint {
  const kind = Number(next() % 16n);
  const sign = next() % 2n === 0n ? 0n : 1n << 63n;
  const fraction = next() & ((1n << 52n) - 1n);
  switch (kind) {
    case 0:
      return sign; // zero
    case 1:
      return sign | (fraction >> (next() % 52n)); // denormal (or zero)
    case 2:
      return sign | 0x7fef_ffff_ffff_ffffn; // DBL_MAX
    case 3:
      return sign | (BigInt(1 + Number(next() % 60n)) << 52n) | fraction; // tiny normal
    case 4:
      return sign | (BigInt(2046 - Number(next() % 60n)) << 52n) | fraction; // huge
    case 5:
      return sign | (BigInt(1023 + Number(next() % 7n)) << 52n) | (fraction & 0x000f_ffff_e000_0000n); // single-exact
    default:
      return sign | (BigInt(1023 - 300 + Number(next() % 600n)) << 52n) | fraction;
  }
}

function randomCases(next: () => bigint, count: number, nonzeroB: boolean): [bigint, bigint, bigint][] {
  const cases: [bigint, bigint, bigint][] = [];
  while (cases.length < count) {
    const b = randomOperand(next);
    if (nonzeroB && (b & 0x7fff_ffff_ffff_ffffn) === 0n) continue;
    cases.push([randomOperand(next), b, randomOperand(next)]);
  }
  return cases;
}

// --- the tests ------------------------------------------------------------------------------

describe("fused multiply-add rounds once (hard cases, all modes, independent BigInt reference)", () => {
  const next = rng(20240607);
  const doubleTies = doubleTieCases(next, 300);
  const singleTraps = singleTrapCases(next, 300);
  const cancellations = cancellationCases(next, 300);

  it("the constructed cases are hard: rounding the product first, or via double, would differ", () => {
    let productFirstDiffers = 0;
    for (const [a, b, c] of doubleTies) {
      const fusedResult = roundRational(addR(mul(valueOf(a), valueOf(c)), valueOf(b)), 53, 0, false).bits;
      const product = roundRational(mul(valueOf(a), valueOf(c)), 53, 0, false).bits;
      const twoStep = roundRational(addR(valueOf(product), valueOf(b)), 53, 0, false).bits;
      if (twoStep !== fusedResult) productFirstDiffers++;
    }
    let viaDoubleDiffers = 0;
    for (const [a, b, c] of singleTraps) {
      const exact = addR(mul(valueOf(a), valueOf(c)), valueOf(b));
      const once = roundRational(exact, 24, 0, false).bits;
      const twice = roundRational(valueOf(roundRational(exact, 53, 0, false).bits), 24, 0, false).bits;
      if (once !== twice) viaDoubleDiffers++;
    }
    expect(productFirstDiffers).toBeGreaterThan(100);
    expect(viaDoubleDiffers).toBeGreaterThan(100);
  });

  for (const model of ["7400", "750"] as CpuModel[]) {
    it(`${model}: double-precision ties and near-ties (fmadd, fmsub, fnmadd, fnmsub)`, () => {
      const cpu = makeCpu(1 << 16, model);
      const failures = FUSED.filter((op) => op.precision === 53).flatMap((op) => check(cpu, op, doubleTies));
      expect(failures.slice(0, 10), `${failures.length} mismatches`).toEqual([]);
    });

    it(`${model}: single-precision double-rounding traps (fmadds, fmsubs, fnmadds, fnmsubs)`, () => {
      const cpu = makeCpu(1 << 16, model);
      const failures = FUSED.filter((op) => op.precision === 24).flatMap((op) => check(cpu, op, singleTraps));
      expect(failures.slice(0, 10), `${failures.length} mismatches`).toEqual([]);
    });
  }

  it("denormal results: ties at the format's fixed last place, both precisions", () => {
    const cpu = makeCpu(1 << 16, "7400");
    const doubleCases = denormalTieCases(next, 53, 200);
    const singleCases = denormalTieCases(next, 24, 200);
    const multiplies = [...FUSED, ...OTHERS].filter((op) => /^fn?m(ul|add|sub)/.test(op.name));
    const failures = multiplies.flatMap((op) => check(cpu, op, op.precision === 53 ? doubleCases : singleCases));
    expect(failures.slice(0, 10), `${failures.length} mismatches`).toEqual([]);
  });

  it("overflow and least-normal boundaries", () => {
    const cpu = makeCpu(1 << 16, "7400");
    const failures = [...FUSED, ...OTHERS].filter((op) => !op.name.startsWith("fdiv")).flatMap((op) => check(cpu, op, BOUNDARY_CASES));
    expect(failures.slice(0, 10), `${failures.length} mismatches`).toEqual([]);
  });

  it("cancellation: only the product's low bits survive", () => {
    const cpu = makeCpu(1 << 16, "7400");
    const failures = FUSED.flatMap((op) => check(cpu, op, cancellations));
    expect(failures.slice(0, 10), `${failures.length} mismatches`).toEqual([]);
  });
});

describe("arithmetic over the whole range against the same reference (7400: full-precision frC)", () => {
  const next = rng(77);
  const cases = randomCases(next, 1500, false);
  const divisorCases = randomCases(next, 1500, true);

  it("multiply-adds, double and single", () => {
    const cpu = makeCpu(1 << 16, "7400");
    const failures = FUSED.flatMap((op) => check(cpu, op, cases));
    expect(failures.slice(0, 10), `${failures.length} mismatches`).toEqual([]);
  });

  it("fadd, fsub, fmul, fdiv, double and single", () => {
    const cpu = makeCpu(1 << 16, "7400");
    const failures = OTHERS.flatMap((op) => check(cpu, op, op.name.startsWith("fdiv") ? divisorCases : cases));
    expect(failures.slice(0, 10), `${failures.length} mismatches`).toEqual([]);
  });

  it("the fast path agrees with the reference on ordinary operands", () => {
    const cpu = makeCpu(1 << 16, "7400");
    const ordinary: [bigint, bigint, bigint][] = [];
    const nextOrdinary = rng(5);
    for (let i = 0; i < 2000; i++) {
      const pick = (): bigint => {
        const sign = nextOrdinary() % 2n === 0n ? 0n : 1n << 63n;
        return sign | (BigInt(1023 - 20 + Number(nextOrdinary() % 40n)) << 52n) | (nextOrdinary() & ((1n << 52n) - 1n));
      };
      ordinary.push([pick(), pick(), pick()]);
    }
    const failures = [...FUSED, ...OTHERS].flatMap((op) => check(cpu, op, ordinary));
    expect(failures.slice(0, 10), `${failures.length} mismatches`).toEqual([]);
  });
});
