/**
 * Rounding an exact result once, to double or single format, in the four modes of FPSCR[RN]
 * (Book I §4.3.6, §4.4), with the overflow, underflow and inexact rules of Book I §4.4.3-4.4.5.
 *
 * Two ways in:
 * - `deliverDouble` / `deliverSingle`, the fast path: the operation has computed, with JS
 *   doubles and error-free transformations, h = the exact result rounded to nearest double and
 *   r, a double whose sign is the sign of (exact - h) (0 when exact). That is enough to round
 *   correctly in any mode and to know FI and FR, as long as the result is comfortably normal;
 *   outside that range (or with FPSCR[NI]=1) they decline and the caller takes the exact path.
 * - `roundExact`, the exact path: the exact value as sign, BigInt significand and exponent (plus
 *   a sticky bit for quotients), rounded by integer arithmetic, with every exceptional case.
 */
import type { Cpu } from "../cpu.js";
import { rD } from "../fields.js";
import { fprWords, fromWords, highWord, isSingleMidpoint, lowWord, scale, stepDouble, stepSingle } from "./bits.js";
import { FPRF, FPSCR, RoundingMode, fprfOf, updateFpscr } from "./fpscr.js";

const MIN_FAST_DOUBLE = 2 ** -1021;
const MAX_FAST_DOUBLE = 2 ** 1023;
const MIN_FAST_SINGLE = 2 ** -125;
const MAX_FAST_SINGLE = 2 ** 127;

/** Writes y (or -y) to frD and updates the FPSCR, given the sign of (exact - y) in `diff`. */
function deliverRounded(cpu: Cpu, op: number, y: number, diff: number, fpscr: number, negate: boolean, single: boolean): true {
  let status = 0;
  if (diff !== 0) {
    status = FPSCR.FI;
    const below = diff < 0; // the exact value lies below y
    switch (fpscr & FPSCR.RN) {
      case RoundingMode.NEAREST:
        if (below === y > 0) status |= FPSCR.FR;
        break;
      case RoundingMode.ZERO:
        if (below === y > 0) y = single ? stepSingle(y, false) : stepDouble(y, false);
        break;
      case RoundingMode.POSITIVE:
        if (!below) y = single ? stepSingle(y, y > 0) : stepDouble(y, y > 0);
        if (y > 0) status |= FPSCR.FR;
        break;
      default: // towards -infinity
        if (below) y = single ? stepSingle(y, y < 0) : stepDouble(y, y < 0);
        if (y < 0) status |= FPSCR.FR;
        break;
    }
  }
  if (negate) y = -y;
  cpu.fpr[rD(op)] = y;
  updateFpscr(cpu, status !== 0 ? FPSCR.XX : 0, status, y < 0 ? FPRF.NEG_NORMAL : FPRF.POS_NORMAL, (op & 1) !== 0);
  return true;
}

/**
 * Completes a double-precision operation whose exact result is h + (something with the sign
 * of r), h being that result rounded to nearest. Returns false, having changed nothing, when the
 * result may be tiny, may overflow, or FPSCR[NI]=1.
 */
export function deliverDouble(cpu: Cpu, op: number, h: number, r: number, negate: boolean): boolean {
  const fpscr = cpu.fpscr;
  const magnitude = Math.abs(h);
  if (!(magnitude >= MIN_FAST_DOUBLE && magnitude < MAX_FAST_DOUBLE) || (fpscr & FPSCR.NI) !== 0) return false;
  return deliverRounded(cpu, op, h, r, fpscr, negate, false);
}

/**
 * As deliverDouble, rounding to single once. h is the exact result rounded to nearest double,
 * so rounding h to single is right except when h sits exactly on a midpoint between two singles
 * and the exact value does not: then r says which way the exact value lies.
 */
export function deliverSingle(cpu: Cpu, op: number, h: number, r: number, negate: boolean): boolean {
  const fpscr = cpu.fpscr;
  let y = Math.fround(h);
  const magnitude = Math.abs(y);
  if (!(magnitude >= MIN_FAST_SINGLE && magnitude < MAX_FAST_SINGLE) || (fpscr & FPSCR.NI) !== 0) return false;
  if (y !== h && r !== 0 && isSingleMidpoint(h) && r > 0 !== y > h) y = stepSingle(y, r > 0 === y > 0);
  return deliverRounded(cpu, op, y, y !== h ? h - y : r, fpscr, negate, true);
}

/**
 * What an exact-path operation produced, applied by `commitOutcome`. `write` false leaves frD
 * unchanged (enabled invalid-operation or zero-divide exception); `fprf` -1 leaves FPRF alone.
 */
export const outcome = { write: true, hi: 0, lo: 0, exceptions: 0, status: 0, fprf: 0 };

export function setOutcomeValue(value: number, single: boolean, exceptions: number, status: number): void {
  outcome.write = true;
  outcome.hi = highWord(value);
  outcome.lo = lowWord(value);
  outcome.exceptions = exceptions;
  outcome.status = status;
  outcome.fprf = fprfOf(value, single);
}

export function setOutcomeNaN(hi: number, lo: number, exceptions: number): void {
  outcome.write = true;
  outcome.hi = hi;
  outcome.lo = lo;
  outcome.exceptions = exceptions;
  outcome.status = 0;
  outcome.fprf = FPRF.QNAN;
}

/** An exception whose enable bit is set: frD, FPRF unchanged; FR and FI cleared. */
export function setOutcomeSuppressed(exceptions: number): void {
  outcome.write = false;
  outcome.exceptions = exceptions;
  outcome.status = 0;
  outcome.fprf = -1;
}

/** Negates the outcome's value (fnmadd, fnmsub) unless it is a NaN (Book I §4.6.5.2). */
export function negateOutcome(single: boolean): void {
  if (!outcome.write || outcome.fprf === FPRF.QNAN) return;
  outcome.hi = (outcome.hi ^ 0x8000_0000) >>> 0;
  outcome.fprf = fprfOf(fromWords(outcome.hi, outcome.lo), single);
}

/** Writes frD (bit-exact) and updates the FPSCR and CR1 from `outcome`. */
export function commitOutcome(cpu: Cpu, op: number): void {
  if (outcome.write) {
    const words = fprWords(cpu);
    const d = rD(op);
    words[2 * d] = outcome.lo;
    words[2 * d + 1] = outcome.hi;
  }
  updateFpscr(cpu, outcome.exceptions, outcome.status, outcome.fprf, (op & 1) !== 0);
}

export function bitLength(m: bigint): number {
  const hex = m.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0], 16)));
}

const FORMAT = {
  single: { precision: 24, emin: -126, emax: 127, bias: 192, max: (2 - 2 ** -23) * 2 ** 127 },
  double: { precision: 53, emin: -1022, emax: 1023, bias: 1536, max: Number.MAX_VALUE },
} as const;

/**
 * Rounds (-1)^negative * m * 2^e (m > 0; `sticky` means the true value is a little above that,
 * below every bit of m) to the target format and leaves the result in `outcome`. Tininess is
 * detected before rounding; the disabled-underflow exception needs tiny and inexact; with
 * OE=1/UE=1 the result is the rounded value with its exponent adjusted by the bias (Book I
 * §4.4.4, §4.4.5). With FPSCR[NI]=1 a result that would be denormalised is a zero of the same sign.
 */
export function roundExact(negative: boolean, m: bigint, e: number, sticky: boolean, single: boolean, fpscr: number): void {
  const format = single ? FORMAT.single : FORMAT.double;
  const precision = format.precision;
  if (sticky) {
    m = (m << 1n) | 1n;
    e -= 1;
  }
  const top = e + bitLength(m) - 1; // the exact value lies in [2^top, 2^(top+1))
  const tiny = top < format.emin;
  const underflowEnabled = tiny && (fpscr & FPSCR.UE) !== 0;
  let lsb = tiny && !underflowEnabled ? format.emin - (precision - 1) : top - (precision - 1);

  let significand: bigint;
  let inexact = false;
  let up = false;
  const shift = lsb - e;
  if (shift <= 0) {
    significand = m << BigInt(-shift);
  } else {
    const bits = BigInt(shift);
    significand = m >> bits;
    const remainder = m - (significand << bits);
    if (remainder !== 0n) {
      inexact = true;
      switch (fpscr & FPSCR.RN) {
        case RoundingMode.NEAREST: {
          const half = 1n << (bits - 1n);
          up = remainder > half || (remainder === half && (significand & 1n) === 1n);
          break;
        }
        case RoundingMode.ZERO:
          break;
        case RoundingMode.POSITIVE:
          up = !negative;
          break;
        default:
          up = negative;
          break;
      }
      if (up) significand += 1n;
    }
  }
  if (significand === 1n << BigInt(precision)) {
    significand >>= 1n;
    lsb += 1;
  }

  let exceptions = 0;
  if (!tiny && lsb + precision - 1 > format.emax) {
    if ((fpscr & FPSCR.OE) === 0) {
      // Book I §4.4.4: the value depends on the mode and sign; FI set; FR says whether the
      // significand was incremented (as the 750CL vectors show).
      const mode = fpscr & FPSCR.RN;
      const toInfinity = mode === RoundingMode.NEAREST ||
        (mode === RoundingMode.POSITIVE && !negative) || (mode === RoundingMode.NEGATIVE && negative);
      const magnitude = toInfinity ? Infinity : format.max;
      setOutcomeValue(negative ? -magnitude : magnitude, single, FPSCR.OX | FPSCR.XX,
        FPSCR.FI | (up ? FPSCR.FR : 0));
      return;
    }
    lsb -= format.bias;
    exceptions |= FPSCR.OX;
  } else if (tiny) {
    if (underflowEnabled) {
      lsb += format.bias;
      exceptions |= FPSCR.UX;
    } else if ((fpscr & FPSCR.NI) !== 0 && significand < 1n << BigInt(precision - 1)) {
      // Non-IEEE mode: a denormalised result is delivered as a zero (IBM 750GX UM Table 2-6).
      setOutcomeValue(negative ? -0 : 0, single, FPSCR.UX | FPSCR.XX, FPSCR.FI);
      return;
    } else if (inexact) {
      exceptions |= FPSCR.UX;
    }
  }
  if (inexact) exceptions |= FPSCR.XX;
  const magnitude = scale(Number(significand), lsb);
  setOutcomeValue(negative ? -magnitude : magnitude, single, exceptions,
    (inexact ? FPSCR.FI : 0) | (up ? FPSCR.FR : 0));
}
