/**
 * Integer arithmetic, logical, compare, rotate and shift instructions (UISA §3.3.8-3.3.13).
 * Registers hold signed 32-bit values; `>>> 0` is used wherever a comparison is unsigned.
 */
import type { Cpu } from "../cpu.js";
import type { InstructionDescription, TimingClass } from "../isa.js";
import { T } from "../isa.js";
import { MB, ME, OE, ROTATE_MASK, Rc, SH, SIMM, UIMM, crfD, rA, rB, rD, rS, rotl32 } from "../fields.js";

/** High word of the unsigned 64-bit product of two 32-bit values, exactly (no float rounding). */
export function mulhwu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const middle = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + Math.floor(p01 / 0x10000) + Math.floor(p10 / 0x10000) + Math.floor(middle / 0x10000)) | 0;
}

/** High word of the signed 64-bit product. */
export function mulhw(a: number, b: number): number {
  let high = mulhwu(a, b);
  if (a < 0) high -= b;
  if (b < 0) high -= a;
  return high | 0;
}

/** Stores an XO-form result: rD, then XER[OV,SO] for `o` forms, then CR0 for `.` forms. */
function finish(cpu: Cpu, op: number, result: number, overflow: boolean): void {
  cpu.gpr[rD(op)] = result;
  if (OE(op) !== 0) cpu.setOverflow(overflow);
  if (Rc(op) !== 0) cpu.setCr0(result);
}

/** Carrying add of a + b + carryIn: returns the 32-bit sum and sets XER[CA]. */
function addCarrying(cpu: Cpu, a: number, b: number, carryIn: number): number {
  const sum = (a >>> 0) + (b >>> 0) + carryIn;
  cpu.ca = sum > 0xffffffff ? 1 : 0;
  return sum | 0;
}

/** Signed overflow of a + b (+ carry) giving `result`: operands agree in sign, result differs. */
const addOverflows = (a: number, b: number, result: number): boolean => ((a ^ result) & (b ^ result)) < 0;

type XoExec = (cpu: Cpu, op: number) => void;

function xoArith(mnemonic: string, xo: number, syntax: string, exec: XoExec, timing: TimingClass = T.integer): InstructionDescription {
  return { mnemonic, form: "XO", opcd: 31, xo, xoField: "XO9", variants: { oe: true, rc: true }, syntax, timing, exec };
}

function xLogical(mnemonic: string, xo: number, compute: (s: number, b: number) => number): InstructionDescription {
  return {
    mnemonic, form: "X", opcd: 31, xo, xoField: "XO10", variants: { rc: true }, syntax: "rA,rS,rB", timing: T.integer,
    exec: (cpu, op) => {
      const result = compute(cpu.gpr[rS(op)], cpu.gpr[rB(op)]);
      cpu.gpr[rA(op)] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  };
}

function xUnary(mnemonic: string, xo: number, compute: (s: number) => number): InstructionDescription {
  return {
    mnemonic, form: "X", opcd: 31, xo, xoField: "XO10", variants: { rc: true }, syntax: "rA,rS", timing: T.integer,
    exec: (cpu, op) => {
      const result = compute(cpu.gpr[rS(op)]);
      cpu.gpr[rA(op)] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  };
}

function dImmediateLogical(mnemonic: string, opcd: number, record: boolean, compute: (s: number, uimm: number) => number): InstructionDescription {
  return {
    mnemonic, form: "D", opcd, syntax: "rA,rS,UIMM", timing: T.integer,
    exec: record
      ? (cpu, op) => {
          const result = compute(cpu.gpr[rS(op)], UIMM(op));
          cpu.gpr[rA(op)] = result;
          cpu.setCr0(result);
        }
      : (cpu, op) => {
          cpu.gpr[rA(op)] = compute(cpu.gpr[rS(op)], UIMM(op));
        },
  };
}

/** The four-bit compare result: LT, GT or EQ, plus a copy of XER[SO]. */
const compareSigned = (cpu: Cpu, a: number, b: number): number => (a < b ? 8 : a > b ? 4 : 2) | cpu.so;
const compareUnsigned = (cpu: Cpu, a: number, b: number): number => {
  const ua = a >>> 0;
  const ub = b >>> 0;
  return (ua < ub ? 8 : ua > ub ? 4 : 2) | cpu.so;
};

/**
 * The shift amount of slw/srw/sraw is rB[26-31]: six bits, so 32-63 shift everything out.
 */
const shiftAmount = (cpu: Cpu, op: number): number => cpu.gpr[rB(op)] & 0x3f;

export const INTEGER_INSTRUCTIONS: readonly InstructionDescription[] = [
  // --- addition and subtraction (UISA §3.3.8) ---
  {
    mnemonic: "addi", form: "D", opcd: 14, syntax: "rD,rA,SIMM", timing: T.integer,
    exec: (cpu, op) => {
      const a = rA(op);
      cpu.gpr[rD(op)] = a === 0 ? SIMM(op) : (cpu.gpr[a] + SIMM(op)) | 0;
    },
  },
  {
    mnemonic: "addis", form: "D", opcd: 15, syntax: "rD,rA,SIMM", timing: T.integer,
    exec: (cpu, op) => {
      const a = rA(op);
      const shifted = op << 16;
      cpu.gpr[rD(op)] = a === 0 ? shifted : (cpu.gpr[a] + shifted) | 0;
    },
  },
  {
    mnemonic: "addic", form: "D", opcd: 12, syntax: "rD,rA,SIMM", timing: T.integer,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = addCarrying(cpu, cpu.gpr[rA(op)], SIMM(op), 0);
    },
  },
  {
    mnemonic: "addic.", form: "D", opcd: 13, syntax: "rD,rA,SIMM", timing: T.integer,
    exec: (cpu, op) => {
      const result = addCarrying(cpu, cpu.gpr[rA(op)], SIMM(op), 0);
      cpu.gpr[rD(op)] = result;
      cpu.setCr0(result);
    },
  },
  {
    mnemonic: "subfic", form: "D", opcd: 8, syntax: "rD,rA,SIMM", timing: T.integer,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = addCarrying(cpu, ~cpu.gpr[rA(op)], SIMM(op), 1);
    },
  },
  {
    mnemonic: "mulli", form: "D", opcd: 7, syntax: "rD,rA,SIMM", timing: T.mulli,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = Math.imul(cpu.gpr[rA(op)], SIMM(op));
    },
  },
  xoArith("add", 266, "rD,rA,rB", (cpu, op) => {
    const a = cpu.gpr[rA(op)];
    const b = cpu.gpr[rB(op)];
    const result = (a + b) | 0;
    finish(cpu, op, result, addOverflows(a, b, result));
  }),
  xoArith("addc", 10, "rD,rA,rB", (cpu, op) => {
    const a = cpu.gpr[rA(op)];
    const b = cpu.gpr[rB(op)];
    const result = addCarrying(cpu, a, b, 0);
    finish(cpu, op, result, addOverflows(a, b, result));
  }),
  xoArith("adde", 138, "rD,rA,rB", (cpu, op) => {
    const a = cpu.gpr[rA(op)];
    const b = cpu.gpr[rB(op)];
    const result = addCarrying(cpu, a, b, cpu.ca);
    finish(cpu, op, result, addOverflows(a, b, result));
  }, T.carryIn),
  xoArith("addme", 234, "rD,rA", (cpu, op) => {
    const a = cpu.gpr[rA(op)];
    const result = addCarrying(cpu, a, -1, cpu.ca);
    finish(cpu, op, result, addOverflows(a, -1, result));
  }, T.carryIn),
  xoArith("addze", 202, "rD,rA", (cpu, op) => {
    const a = cpu.gpr[rA(op)];
    const result = addCarrying(cpu, a, 0, cpu.ca);
    finish(cpu, op, result, addOverflows(a, 0, result));
  }, T.carryIn),
  xoArith("subf", 40, "rD,rA,rB", (cpu, op) => {
    const notA = ~cpu.gpr[rA(op)];
    const b = cpu.gpr[rB(op)];
    const result = (notA + b + 1) | 0;
    finish(cpu, op, result, addOverflows(notA, b, result));
  }),
  xoArith("subfc", 8, "rD,rA,rB", (cpu, op) => {
    const notA = ~cpu.gpr[rA(op)];
    const b = cpu.gpr[rB(op)];
    const result = addCarrying(cpu, notA, b, 1);
    finish(cpu, op, result, addOverflows(notA, b, result));
  }),
  xoArith("subfe", 136, "rD,rA,rB", (cpu, op) => {
    const notA = ~cpu.gpr[rA(op)];
    const b = cpu.gpr[rB(op)];
    const result = addCarrying(cpu, notA, b, cpu.ca);
    finish(cpu, op, result, addOverflows(notA, b, result));
  }, T.carryIn),
  xoArith("subfme", 232, "rD,rA", (cpu, op) => {
    const notA = ~cpu.gpr[rA(op)];
    const result = addCarrying(cpu, notA, -1, cpu.ca);
    finish(cpu, op, result, addOverflows(notA, -1, result));
  }, T.carryIn),
  xoArith("subfze", 200, "rD,rA", (cpu, op) => {
    const notA = ~cpu.gpr[rA(op)];
    const result = addCarrying(cpu, notA, 0, cpu.ca);
    finish(cpu, op, result, addOverflows(notA, 0, result));
  }, T.carryIn),
  xoArith("neg", 104, "rD,rA", (cpu, op) => {
    const a = cpu.gpr[rA(op)];
    finish(cpu, op, -a | 0, a === -0x80000000);
  }),
  // --- multiply and divide (UISA §3.3.8) ---
  xoArith("mullw", 235, "rD,rA,rB", (cpu, op) => {
    const a = cpu.gpr[rA(op)];
    const b = cpu.gpr[rB(op)];
    const low = Math.imul(a, b);
    finish(cpu, op, low, OE(op) !== 0 && mulhw(a, b) !== low >> 31);
  }, T.mullw),
  {
    mnemonic: "mulhw", form: "XO", opcd: 31, xo: 75, xoField: "XO10", variants: { rc: true }, syntax: "rD,rA,rB", timing: T.mullw,
    exec: (cpu, op) => {
      const result = mulhw(cpu.gpr[rA(op)], cpu.gpr[rB(op)]);
      cpu.gpr[rD(op)] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  },
  {
    mnemonic: "mulhwu", form: "XO", opcd: 31, xo: 11, xoField: "XO10", variants: { rc: true }, syntax: "rD,rA,rB", timing: T.mulhwu,
    exec: (cpu, op) => {
      const result = mulhwu(cpu.gpr[rA(op)], cpu.gpr[rB(op)]);
      cpu.gpr[rD(op)] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  },
  // Division by zero and 0x80000000 / -1 are undefined (UISA §3.3.8); the 750 gives -1 for a
  // negative dividend and 0 otherwise (divw), and 0 (divwu), as the hardware vectors show.
  xoArith("divw", 491, "rD,rA,rB", (cpu, op) => {
    const a = cpu.gpr[rA(op)];
    const b = cpu.gpr[rB(op)];
    if (b === 0 || (a === -0x80000000 && b === -1)) finish(cpu, op, a < 0 ? -1 : 0, true);
    else finish(cpu, op, (a / b) | 0, false);
  }, T.divide),
  xoArith("divwu", 459, "rD,rA,rB", (cpu, op) => {
    const a = cpu.gpr[rA(op)] >>> 0;
    const b = cpu.gpr[rB(op)] >>> 0;
    if (b === 0) finish(cpu, op, 0, true);
    else finish(cpu, op, (a / b) | 0, false);
  }, T.divide),
  // --- compare (UISA §3.3.9); L=1 (64-bit compare) is an invalid form on a 32-bit processor ---
  {
    mnemonic: "cmpi", form: "D", opcd: 11, syntax: "crfD,L,rA,SIMM", timing: T.compare,
    exec: (cpu, op) => cpu.setCrField(crfD(op), compareSigned(cpu, cpu.gpr[rA(op)], SIMM(op))),
  },
  {
    mnemonic: "cmpli", form: "D", opcd: 10, syntax: "crfD,L,rA,UIMM", timing: T.compare,
    exec: (cpu, op) => cpu.setCrField(crfD(op), compareUnsigned(cpu, cpu.gpr[rA(op)], UIMM(op))),
  },
  {
    mnemonic: "cmp", form: "X", opcd: 31, xo: 0, xoField: "XO10", syntax: "crfD,L,rA,rB", timing: T.compare,
    exec: (cpu, op) => cpu.setCrField(crfD(op), compareSigned(cpu, cpu.gpr[rA(op)], cpu.gpr[rB(op)])),
  },
  {
    mnemonic: "cmpl", form: "X", opcd: 31, xo: 32, xoField: "XO10", syntax: "crfD,L,rA,rB", timing: T.compare,
    exec: (cpu, op) => cpu.setCrField(crfD(op), compareUnsigned(cpu, cpu.gpr[rA(op)], cpu.gpr[rB(op)])),
  },
  // --- logical (UISA §3.3.10) ---
  dImmediateLogical("andi.", 28, true, (s, u) => s & u),
  dImmediateLogical("andis.", 29, true, (s, u) => s & (u << 16)),
  dImmediateLogical("ori", 24, false, (s, u) => s | u),
  dImmediateLogical("oris", 25, false, (s, u) => s | (u << 16)),
  dImmediateLogical("xori", 26, false, (s, u) => s ^ u),
  dImmediateLogical("xoris", 27, false, (s, u) => s ^ (u << 16)),
  xLogical("and", 28, (s, b) => s & b),
  xLogical("andc", 60, (s, b) => s & ~b),
  xLogical("or", 444, (s, b) => s | b),
  xLogical("orc", 412, (s, b) => s | ~b),
  xLogical("xor", 316, (s, b) => s ^ b),
  xLogical("nand", 476, (s, b) => ~(s & b)),
  xLogical("nor", 124, (s, b) => ~(s | b)),
  xLogical("eqv", 284, (s, b) => ~(s ^ b)),
  xUnary("extsb", 954, (s) => (s << 24) >> 24),
  xUnary("extsh", 922, (s) => (s << 16) >> 16),
  xUnary("cntlzw", 26, (s) => Math.clz32(s)),
  // --- rotate and shift (UISA §3.3.12-3.3.13) ---
  {
    mnemonic: "rlwinm", form: "M", opcd: 21, variants: { rc: true }, syntax: "rA,rS,SH,MB,ME", timing: T.integer,
    exec: (cpu, op) => {
      const result = rotl32(cpu.gpr[rS(op)], SH(op)) & ROTATE_MASK[(op >>> 1) & 0x3ff];
      cpu.gpr[rA(op)] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  },
  {
    mnemonic: "rlwnm", form: "M", opcd: 23, variants: { rc: true }, syntax: "rA,rS,rB,MB,ME", timing: T.integer,
    exec: (cpu, op) => {
      const result = rotl32(cpu.gpr[rS(op)], cpu.gpr[rB(op)] & 31) & ROTATE_MASK[(op >>> 1) & 0x3ff];
      cpu.gpr[rA(op)] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  },
  {
    mnemonic: "rlwimi", form: "M", opcd: 20, variants: { rc: true }, syntax: "rA,rS,SH,MB,ME", timing: T.integer,
    exec: (cpu, op) => {
      const mask = ROTATE_MASK[MB(op) * 32 + ME(op)];
      const a = rA(op);
      const result = (rotl32(cpu.gpr[rS(op)], SH(op)) & mask) | (cpu.gpr[a] & ~mask);
      cpu.gpr[a] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  },
  xLogical("slw", 24, (s, b) => ((b & 0x20) !== 0 ? 0 : s << (b & 31))),
  xLogical("srw", 536, (s, b) => ((b & 0x20) !== 0 ? 0 : (s >>> (b & 31)) | 0)),
  {
    mnemonic: "sraw", form: "X", opcd: 31, xo: 792, xoField: "XO10", variants: { rc: true }, syntax: "rA,rS,rB", timing: T.integer,
    exec: (cpu, op) => {
      const s = cpu.gpr[rS(op)];
      const n = shiftAmount(cpu, op);
      let result: number;
      if (n > 31) {
        result = s >> 31;
        cpu.ca = s < 0 ? 1 : 0;
      } else {
        result = s >> n;
        cpu.ca = s < 0 && (s & ((1 << n) - 1)) !== 0 ? 1 : 0;
      }
      cpu.gpr[rA(op)] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  },
  {
    mnemonic: "srawi", form: "X", opcd: 31, xo: 824, xoField: "XO10", variants: { rc: true }, syntax: "rA,rS,SH", timing: T.integer,
    exec: (cpu, op) => {
      const s = cpu.gpr[rS(op)];
      const n = SH(op);
      const result = s >> n;
      cpu.ca = s < 0 && (s & ((1 << n) - 1)) !== 0 ? 1 : 0;
      cpu.gpr[rA(op)] = result;
      if (Rc(op) !== 0) cpu.setCr0(result);
    },
  },
];
