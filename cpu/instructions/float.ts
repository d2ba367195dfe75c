/**
 * Floating-point instructions of the 750/7400 (UISA §3.3.14-3.3.15, §4.2.2; Book I chapter 4):
 * loads and stores, arithmetic, multiply-add, rounding and conversion, compares, moves, fsel,
 * the estimates, and the FPSCR instructions. fsqrt and fsqrts are not implemented by the 750 or
 * the 7400 and stay illegal. The arithmetic itself lives in cpu/fpu/.
 *
 * Every instruction here first checks MSR[FP]: when it is 0 the floating-point unavailable
 * exception is taken and nothing (not even a load's target or rA) is written (OEA §6.4.8).
 * FP loads and stores need a word-aligned address; otherwise the alignment exception is taken
 * (MPC603e/750 alignment rules, as lmw/stmw).
 */
import type { Cpu } from "../cpu.js";
import { GuestException, Vector } from "../exceptions.js";
import type { Handler, InstructionDescription, TimingClass } from "../isa.js";
import { T } from "../isa.js";
import { FM, IMM, SIMM, crbD, crfD, crfS, rA, rB, rD, rS } from "../fields.js";
import { MSR } from "../spr.js";
import { add, divide, multiply, multiplyAdd, roundToSingle } from "../fpu/arith.js";
import { converted, doubleToSingle, fprWords, singleToDouble } from "../fpu/bits.js";
import { compare } from "../fpu/compare.js";
import { convertToInteger } from "../fpu/convert.js";
import { reciprocalEstimate, reciprocalSquareRootEstimate } from "../fpu/estimate.js";
import { EXCEPTION_BITS, FPSCR, afterFpscrWrite, withSummaries } from "../fpu/fpscr.js";
import { alignmentException, eaDisplacement, eaIndexed } from "./loadstore.js";

/** OEA §6.4.8: any floating-point instruction with MSR[FP]=0. */
function requireFloatingPoint(cpu: Cpu): void {
  if ((cpu.msr & MSR.FP) === 0) throw new GuestException(Vector.FPUnavailable, 0);
}

// --- loads and stores -----------------------------------------------------------------------

type Access = (cpu: Cpu, op: number, ea: number) => void;

/** lfs: the single-format word converted exactly to double format (Book I §4.6.2). */
const loadSingle: Access = (cpu, op, ea) => {
  if ((ea & 3) !== 0) alignmentException(op, ea);
  const word = cpu.mmu.read32(ea);
  const words = fprWords(cpu);
  const d = rD(op);
  words[2 * d + 1] = singleToDouble(word);
  words[2 * d] = converted.lo;
};

/** lfd: the doubleword, bit for bit; both words are read before frD is written. */
const loadDouble: Access = (cpu, op, ea) => {
  if ((ea & 3) !== 0) alignmentException(op, ea);
  const hi = cpu.mmu.readWordPair(ea);
  const words = fprWords(cpu);
  const d = rD(op);
  words[2 * d + 1] = hi;
  words[2 * d] = cpu.mmu.pairLow;
};

/** stfs: the bit-level double-to-single conversion of Book I §4.6.3, never a rounding. */
const storeSingle: Access = (cpu, op, ea) => {
  if ((ea & 3) !== 0) alignmentException(op, ea);
  const words = fprWords(cpu);
  const s = rS(op);
  cpu.mmu.write32(ea, doubleToSingle(words[2 * s + 1], words[2 * s]));
};

/** stfd: the doubleword, bit for bit (the MMU faults before writing either word). */
const storeDouble: Access = (cpu, op, ea) => {
  if ((ea & 3) !== 0) alignmentException(op, ea);
  const words = fprWords(cpu);
  const s = rS(op);
  cpu.mmu.writeWordPair(ea, words[2 * s + 1], words[2 * s]);
};

/** stfiwx: frS[32-63] as a word. */
const storeIntegerWord: Access = (cpu, op, ea) => {
  if ((ea & 3) !== 0) alignmentException(op, ea);
  cpu.mmu.write32(ea, fprWords(cpu)[2 * rS(op)]);
};

/**
 * The four forms of an FP load or store: D, D with update, X, X with update. Update forms write
 * rA after the access, so a fault leaves it unchanged; rA=0 is an invalid form, performed as written.
 */
function accessFamily(name: string, opcd: number, xo: number, access: Access, store: boolean): InstructionDescription[] {
  const timing = store ? T.store : T.load;
  const register = store ? "frS" : "frD";
  return [
    {
      mnemonic: name, form: "D", opcd, syntax: `${register},d(rA)`, timing,
      exec: (cpu, op) => {
        requireFloatingPoint(cpu);
        access(cpu, op, eaDisplacement(cpu, op));
      },
    },
    {
      mnemonic: `${name}u`, form: "D", opcd: opcd + 1, syntax: `${register},d(rA)`, timing,
      exec: (cpu, op) => {
        requireFloatingPoint(cpu);
        const ea = (cpu.gpr[rA(op)] + SIMM(op)) | 0;
        access(cpu, op, ea);
        cpu.gpr[rA(op)] = ea;
      },
    },
    {
      mnemonic: `${name}x`, form: "X", opcd: 31, xo, xoField: "XO10", syntax: `${register},rA|0,rB`, timing,
      exec: (cpu, op) => {
        requireFloatingPoint(cpu);
        access(cpu, op, eaIndexed(cpu, op));
      },
    },
    {
      mnemonic: `${name}ux`, form: "X", opcd: 31, xo: xo + 32, xoField: "XO10", syntax: `${register},rA|0,rB`, timing,
      exec: (cpu, op) => {
        requireFloatingPoint(cpu);
        const ea = (cpu.gpr[rA(op)] + cpu.gpr[rB(op)]) | 0;
        access(cpu, op, ea);
        cpu.gpr[rA(op)] = ea;
      },
    },
  ];
}

// --- arithmetic -----------------------------------------------------------------------------

/**
 * An A-form instruction with an Rc variant, on primary opcode 63 (double) or 59 (single). Each
 * instruction passes its own `exec` (which checks MSR[FP] first), so every handler is a function
 * of its own and V8 specialises it, rather than one shared wrapper calling many functions.
 */
function aForm(mnemonic: string, opcd: 59 | 63, xo: number, syntax: string, timing: TimingClass, exec: Handler): InstructionDescription {
  return { mnemonic, form: "A", opcd, xo, xoField: "XO5", variants: { rc: true }, syntax, timing, exec };
}

/** An X-form instruction on opcode 63 with an Rc variant (its `exec` checks MSR[FP] first). */
function xForm63(mnemonic: string, xo: number, syntax: string, timing: TimingClass, exec: Handler): InstructionDescription {
  return { mnemonic, form: "X", opcd: 63, xo, xoField: "XO10", variants: { rc: true }, syntax, timing, exec };
}

/** CR1 = FPSCR[FX, FEX, VX, OX], for Rc=1 forms of instructions that leave the FPSCR alone. */
function recordCr1(cpu: Cpu, op: number): void {
  if ((op & 1) !== 0) cpu.setCrField(1, cpu.fpscr >>> 28);
}

/**
 * fmr, fneg, fabs, fnabs: the high word's sign bit copied, flipped, cleared or set; the rest moved
 * bit for bit (NaNs are neither quieted nor signalled). No FPSCR change (Book I §4.6.4).
 */
function signMove(mnemonic: string, xo: number, sign: (hi: number) => number): InstructionDescription {
  return xForm63(mnemonic, xo, "frD,frB", T.fpMisc, (cpu, op) => {
    requireFloatingPoint(cpu);
    const words = fprWords(cpu);
    const b = rB(op);
    const d = rD(op);
    const lo = words[2 * b];
    words[2 * d + 1] = sign(words[2 * b + 1]);
    words[2 * d] = lo;
    recordCr1(cpu, op);
  });
}

/** fsel: frD = frC if frA >= 0 (including -0, excluding NaN), else frB; bit for bit, no FPSCR change. */
function select(cpu: Cpu, op: number): void {
  const a = cpu.fpr[rA(op)];
  const source = a >= 0 ? (op >>> 6) & 31 : rB(op);
  const words = fprWords(cpu);
  const d = rD(op);
  const lo = words[2 * source];
  words[2 * d + 1] = words[2 * source + 1];
  words[2 * d] = lo;
  recordCr1(cpu, op);
}

// --- FPSCR instructions (Book I §4.6.9) ------------------------------------------------------

/** Mask of FPSCR field n (0-7), field 0 being bits 0-3. */
const fieldMask = (field: number): number => (0xf000_0000 >>> (4 * field)) | 0;

/** mffs: frD[32-63] = FPSCR; frD[0-31], undefined, is 0xFFF80000 as fctiw writes it on the 750. */
function moveFromFpscr(cpu: Cpu, op: number): void {
  const words = fprWords(cpu);
  const d = rD(op);
  words[2 * d + 1] = 0xfff8_0000;
  words[2 * d] = cpu.fpscr;
  recordCr1(cpu, op);
}

/**
 * mcrfs: CR field crfD = FPSCR field crfS; the exception bits copied (FX, OX, UX, ZX, XX and the
 * VX causes) are cleared, and FEX and VX recomputed.
 */
function moveToCrFromFpscr(cpu: Cpu, op: number): void {
  const field = crfS(op);
  const fpscr = cpu.fpscr;
  cpu.setCrField(crfD(op), (fpscr >>> (28 - 4 * field)) & 0xf);
  cpu.fpscr = withSummaries(fpscr & ~(fieldMask(field) & (FPSCR.FX | EXCEPTION_BITS)));
}

/**
 * mtfsfi, mtfsf: FPSCR fields replaced. FEX and VX are never taken from the source (they are
 * recomputed), bit 20 stays 0, and FX changes only when field 0 is written.
 */
function moveToFpscrFields(cpu: Cpu, op: number, mask: number, value: number): void {
  cpu.fpscr = withSummaries((cpu.fpscr & ~mask) | (value & mask));
  afterFpscrWrite(cpu, (op & 1) !== 0);
}

/** mtfsb0, mtfsb1: one FPSCR bit. Setting an exception bit that was clear also sets FX. */
function moveToFpscrBit(cpu: Cpu, op: number, set: boolean): void {
  const bit = (0x8000_0000 >>> crbD(op)) | 0;
  let fpscr = cpu.fpscr;
  if (set) {
    if ((bit & EXCEPTION_BITS & ~fpscr) !== 0) fpscr |= FPSCR.FX;
    fpscr |= bit;
  } else {
    fpscr &= ~bit;
  }
  cpu.fpscr = withSummaries(fpscr);
  afterFpscrWrite(cpu, (op & 1) !== 0);
}

export const FLOAT_INSTRUCTIONS: readonly InstructionDescription[] = [
  ...accessFamily("lfs", 48, 535, loadSingle, false),
  ...accessFamily("lfd", 50, 599, loadDouble, false),
  ...accessFamily("stfs", 52, 663, storeSingle, true),
  ...accessFamily("stfd", 54, 727, storeDouble, true),
  {
    mnemonic: "stfiwx", form: "X", opcd: 31, xo: 983, xoField: "XO10", syntax: "frS,rA|0,rB", timing: T.store,
    exec: (cpu, op) => {
      requireFloatingPoint(cpu);
      storeIntegerWord(cpu, op, eaIndexed(cpu, op));
    },
  },

  aForm("fadd", 63, 21, "frD,frA,frB", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    add(cpu, op, false, false);
  }),
  aForm("fadds", 59, 21, "frD,frA,frB", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    add(cpu, op, true, false);
  }),
  aForm("fsub", 63, 20, "frD,frA,frB", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    add(cpu, op, false, true);
  }),
  aForm("fsubs", 59, 20, "frD,frA,frB", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    add(cpu, op, true, true);
  }),
  aForm("fmul", 63, 25, "frD,frA,frC", T.fpMulDouble, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiply(cpu, op, false);
  }),
  aForm("fmuls", 59, 25, "frD,frA,frC", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiply(cpu, op, true);
  }),
  aForm("fdiv", 63, 18, "frD,frA,frB", T.fdiv, (cpu, op) => {
    requireFloatingPoint(cpu);
    divide(cpu, op, false);
  }),
  aForm("fdivs", 59, 18, "frD,frA,frB", T.fdivs, (cpu, op) => {
    requireFloatingPoint(cpu);
    divide(cpu, op, true);
  }),
  aForm("fmadd", 63, 29, "frD,frA,frC,frB", T.fpMulDouble, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiplyAdd(cpu, op, false, false, false);
  }),
  aForm("fmadds", 59, 29, "frD,frA,frC,frB", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiplyAdd(cpu, op, true, false, false);
  }),
  aForm("fmsub", 63, 28, "frD,frA,frC,frB", T.fpMulDouble, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiplyAdd(cpu, op, false, true, false);
  }),
  aForm("fmsubs", 59, 28, "frD,frA,frC,frB", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiplyAdd(cpu, op, true, true, false);
  }),
  aForm("fnmadd", 63, 31, "frD,frA,frC,frB", T.fpMulDouble, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiplyAdd(cpu, op, false, false, true);
  }),
  aForm("fnmadds", 59, 31, "frD,frA,frC,frB", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiplyAdd(cpu, op, true, false, true);
  }),
  aForm("fnmsub", 63, 30, "frD,frA,frC,frB", T.fpMulDouble, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiplyAdd(cpu, op, false, true, true);
  }),
  aForm("fnmsubs", 59, 30, "frD,frA,frC,frB", T.fpArith, (cpu, op) => {
    requireFloatingPoint(cpu);
    multiplyAdd(cpu, op, true, true, true);
  }),
  aForm("fsel", 63, 23, "frD,frA,frC,frB", T.fpMisc, (cpu, op) => {
    requireFloatingPoint(cpu);
    select(cpu, op);
  }),
  aForm("fres", 59, 24, "frD,frB", T.fres, (cpu, op) => {
    requireFloatingPoint(cpu);
    reciprocalEstimate(cpu, op);
  }),
  aForm("frsqrte", 63, 26, "frD,frB", T.fpMisc, (cpu, op) => {
    requireFloatingPoint(cpu);
    reciprocalSquareRootEstimate(cpu, op);
  }),

  xForm63("frsp", 12, "frD,frB", T.fpMisc, (cpu, op) => {
    requireFloatingPoint(cpu);
    roundToSingle(cpu, op);
  }),
  xForm63("fctiw", 14, "frD,frB", T.fpMisc, (cpu, op) => {
    requireFloatingPoint(cpu);
    convertToInteger(cpu, op, false);
  }),
  xForm63("fctiwz", 15, "frD,frB", T.fpMisc, (cpu, op) => {
    requireFloatingPoint(cpu);
    convertToInteger(cpu, op, true);
  }),
  signMove("fmr", 72, (hi) => hi),
  signMove("fneg", 40, (hi) => (hi ^ 0x8000_0000) >>> 0),
  signMove("fabs", 264, (hi) => hi & 0x7fff_ffff),
  signMove("fnabs", 136, (hi) => (hi | 0x8000_0000) >>> 0),
  {
    mnemonic: "fcmpu", form: "X", opcd: 63, xo: 0, xoField: "XO10", syntax: "crfD,frA,frB", timing: T.fpMisc,
    exec: (cpu, op) => {
      requireFloatingPoint(cpu);
      compare(cpu, op, false);
    },
  },
  {
    mnemonic: "fcmpo", form: "X", opcd: 63, xo: 32, xoField: "XO10", syntax: "crfD,frA,frB", timing: T.fpMisc,
    exec: (cpu, op) => {
      requireFloatingPoint(cpu);
      compare(cpu, op, true);
    },
  },

  xForm63("mffs", 583, "frD", T.fpMisc, (cpu, op) => {
    requireFloatingPoint(cpu);
    moveFromFpscr(cpu, op);
  }),
  {
    mnemonic: "mcrfs", form: "X", opcd: 63, xo: 64, xoField: "XO10", syntax: "crfD,crfS", timing: T.fpMisc,
    exec: (cpu, op) => {
      requireFloatingPoint(cpu);
      moveToCrFromFpscr(cpu, op);
    },
  },
  xForm63("mtfsb0", 70, "crbD", T.fpscr, (cpu, op) => {
    requireFloatingPoint(cpu);
    moveToFpscrBit(cpu, op, false);
  }),
  xForm63("mtfsb1", 38, "crbD", T.fpscr, (cpu, op) => {
    requireFloatingPoint(cpu);
    moveToFpscrBit(cpu, op, true);
  }),
  xForm63("mtfsfi", 134, "crfD,IMM", T.fpscr, (cpu, op) => {
    requireFloatingPoint(cpu);
    moveToFpscrFields(cpu, op, fieldMask(crfD(op)), (IMM(op) << (28 - 4 * crfD(op))) | 0);
  }),
  {
    mnemonic: "mtfsf", form: "XFL", opcd: 63, xo: 711, xoField: "XO10", variants: { rc: true }, syntax: "FM,frB", timing: T.fpscr,
    exec: (cpu, op) => {
      requireFloatingPoint(cpu);
      const fm = FM(op);
      let mask = 0;
      for (let field = 0; field < 8; field++) if ((fm & (0x80 >>> field)) !== 0) mask |= fieldMask(field);
      moveToFpscrFields(cpu, op, mask, fprWords(cpu)[2 * rB(op)]);
    },
  },
];
