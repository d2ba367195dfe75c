/**
 * fctiw and fctiwz: convert to a 32-bit signed integer (Book I §4.6.7), in the FPSCR[RN] mode or
 * towards zero. The integer goes to frD[32-63]. frD[0-31] is undefined in the architecture; the
 * 750 writes 0xFFF80000 there, or 0xFFF80001 when the result is zero from a negative operand (-0,
 * or a negative value rounded to zero), as the Dolphin project's fctiwz hardware tests record.
 * ppcmac writes the same on the 7400. FPRF is left unchanged (undefined in the architecture).
 */
import type { Cpu } from "../cpu.js";
import { rB, rD } from "../fields.js";
import { Class, classify, fprWords, fromWords, isNaNClass } from "./bits.js";
import { FPSCR, RoundingMode, updateFpscr } from "./fpscr.js";

const HIGH_WORD = 0xfff8_0000;
const INT_MAX = 0x7fff_ffff;
const INT_MIN = 0x8000_0000;

export function convertToInteger(cpu: Cpu, op: number, towardZero: boolean): void {
  const words = fprWords(cpu);
  const b = rB(op);
  const hi = words[2 * b + 1];
  const lo = words[2 * b];
  const fpscr = cpu.fpscr;
  const negative = hi >>> 31 === 1;
  let cls = classify(hi, lo);
  if ((fpscr & FPSCR.NI) !== 0 && cls === Class.DENORMAL) cls = Class.ZERO;
  const record = (op & 1) !== 0;

  if (isNaNClass(cls)) {
    invalidConversion(cpu, op, FPSCR.VXCVI | (cls === Class.SNAN ? FPSCR.VXSNAN : 0), INT_MIN, record);
    return;
  }
  if (cls === Class.INFINITY) {
    invalidConversion(cpu, op, FPSCR.VXCVI, negative ? INT_MIN : INT_MAX, record);
    return;
  }
  const x = cls === Class.ZERO ? 0 : fromWords(hi, lo);
  let n = Math.trunc(x);
  const fraction = x - n; // exact: nonzero only when |x| < 2^52
  if (fraction !== 0) {
    switch (towardZero ? RoundingMode.ZERO : fpscr & FPSCR.RN) {
      case RoundingMode.NEAREST: {
        const away = Math.abs(fraction);
        if (away > 0.5 || (away === 0.5 && n % 2 !== 0)) n += Math.sign(x);
        break;
      }
      case RoundingMode.ZERO:
        break;
      case RoundingMode.POSITIVE:
        if (x > 0) n += 1;
        break;
      default:
        if (x < 0) n -= 1;
        break;
    }
  }
  if (n > INT_MAX || n < -INT_MIN) {
    invalidConversion(cpu, op, FPSCR.VXCVI, n > 0 ? INT_MAX : INT_MIN, record);
    return;
  }
  const d = rD(op);
  words[2 * d + 1] = HIGH_WORD | (n === 0 && negative ? 1 : 0);
  words[2 * d] = n >>> 0;
  const inexact = fraction !== 0;
  const status = (inexact ? FPSCR.FI : 0) | (Math.abs(n) > Math.abs(x) ? FPSCR.FR : 0);
  updateFpscr(cpu, inexact ? FPSCR.XX : 0, status, -1, record);
}

/** Book I §4.4.1: disabled, frD gets the saturated integer; enabled (VE=1), frD is unchanged. */
function invalidConversion(cpu: Cpu, op: number, exceptions: number, integer: number, record: boolean): void {
  if ((cpu.fpscr & FPSCR.VE) === 0) {
    const words = fprWords(cpu);
    const d = rD(op);
    words[2 * d + 1] = HIGH_WORD;
    words[2 * d] = integer;
  }
  updateFpscr(cpu, exceptions, 0, -1, record);
}
