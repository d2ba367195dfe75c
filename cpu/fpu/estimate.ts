/**
 * fres and frsqrte, the estimate instructions (Book I §4.6.6 and appendix, optional group).
 *
 * The architecture asks for an estimate within 1/256 (fres, single precision) and 1/32 (frsqrte)
 * of the true value, with FR and FI undefined. The 750's own tables are not reproduced: ppcmac
 * returns the exact reciprocal (square root) rounded once in the FPSCR[RN] mode, which is within
 * every bound, deterministic, and what a program's Newton-Raphson refinement converges to. FR and
 * FI are cleared; XX is not set (the architecture lists it for neither instruction). Special
 * values, ZX, VXSQRT, VXSNAN, OX and UX follow the architecture. See docs/fpu.md.
 */
import type { Cpu } from "../cpu.js";
import { rB } from "../fields.js";
import { Class, fprWords, isNaNClass } from "./bits.js";
import { exponentOf, invalid, propagateNaN, readOperand, significandOf } from "./arith.js";
import { FPSCR } from "./fpscr.js";
import { bitLength, commitOutcome, outcome, roundExact, setOutcomeSuppressed, setOutcomeValue } from "./round.js";

/** Keeps what the architecture lets an estimate report: no XX, FR or FI. */
function asEstimate(): void {
  outcome.exceptions &= ~FPSCR.XX;
  outcome.status = 0;
}

/** A zero operand: zero divide, enabled (frD unchanged) or giving an infinity of its sign. */
function zeroOperand(negative: boolean, single: boolean, fpscr: number): void {
  if ((fpscr & FPSCR.ZE) !== 0) setOutcomeSuppressed(FPSCR.ZX);
  else setOutcomeValue(negative ? -Infinity : Infinity, single, FPSCR.ZX, 0);
}

/** fres: single-precision estimate of 1/frB. */
export function reciprocalEstimate(cpu: Cpu, op: number): void {
  const fpscr = cpu.fpscr;
  const b = readOperand(fprWords(cpu), rB(op), (fpscr & FPSCR.NI) !== 0);
  if (isNaNClass(b.cls)) {
    propagateNaN(b, true, b.cls === Class.SNAN ? FPSCR.VXSNAN : 0, fpscr);
  } else if (b.cls === Class.ZERO) {
    zeroOperand(b.negative, true, fpscr);
  } else if (b.cls === Class.INFINITY) {
    setOutcomeValue(b.negative ? -0 : 0, true, 0, 0);
  } else {
    const m = significandOf(b);
    const shift = bitLength(m) + 64;
    const dividend = 1n << BigInt(shift);
    const q = dividend / m;
    roundExact(b.negative, q, -exponentOf(b) - shift, q * m !== dividend, true, fpscr);
    asEstimate();
  }
  commitOutcome(cpu, op);
}

/** Integer square root: the largest x with x * x <= n. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) >> 1) + 1); // above the root; Newton descends to it
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

/** frsqrte: double-precision estimate of 1/sqrt(frB). */
export function reciprocalSquareRootEstimate(cpu: Cpu, op: number): void {
  const fpscr = cpu.fpscr;
  const b = readOperand(fprWords(cpu), rB(op), (fpscr & FPSCR.NI) !== 0);
  if (isNaNClass(b.cls)) {
    propagateNaN(b, false, b.cls === Class.SNAN ? FPSCR.VXSNAN : 0, fpscr);
  } else if (b.cls === Class.ZERO) {
    zeroOperand(b.negative, false, fpscr);
  } else if (b.negative) {
    invalid(FPSCR.VXSQRT, fpscr);
  } else if (b.cls === Class.INFINITY) {
    setOutcomeValue(0, false, 0, 0);
  } else {
    // 1/sqrt(m * 2^e) with e even is 2^(-e/2) / sqrt(m); floor(2^K / sqrt(m)) is the integer
    // square root of floor(2^2K / m), exact exactly when q^2 * m = 2^2K.
    let m = significandOf(b);
    let e = exponentOf(b);
    if ((e & 1) !== 0) {
      m <<= 1n;
      e -= 1;
    }
    const K = 96;
    const numerator = 1n << BigInt(2 * K);
    const q = isqrt(numerator / m);
    roundExact(false, q, -K - e / 2, q * q * m !== numerator, false, fpscr);
    asEstimate();
  }
  commitOutcome(cpu, op);
}
