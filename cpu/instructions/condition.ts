/** Condition-register instructions (UISA §3.3.15, §4.2.1): CR logical, mcrf, mcrxr, mtcrf, mfcr. */
import type { InstructionDescription } from "../isa.js";
import { T } from "../isa.js";
import { CRM, crbA, crbB, crbD, crfD, crfS, rD, rS } from "../fields.js";

/** CR bit n (0 = most significant) as 0 or 1. */
const crBit = (cr: number, n: number): number => (cr >>> (31 - n)) & 1;

function crLogical(mnemonic: string, xo: number, compute: (a: number, b: number) => number): InstructionDescription {
  return {
    mnemonic, form: "XL", opcd: 19, xo, xoField: "XO10", syntax: "crbD,crbA,crbB", timing: T.crLogical,
    exec: (cpu, op) => {
      const bit = compute(crBit(cpu.cr, crbA(op)), crBit(cpu.cr, crbB(op))) & 1;
      const shift = 31 - crbD(op);
      cpu.cr = (cpu.cr & ~(1 << shift)) | (bit << shift);
    },
  };
}

export const CONDITION_INSTRUCTIONS: readonly InstructionDescription[] = [
  crLogical("crand", 257, (a, b) => a & b),
  crLogical("crandc", 129, (a, b) => a & ~b),
  crLogical("creqv", 289, (a, b) => ~(a ^ b)),
  crLogical("crnand", 225, (a, b) => ~(a & b)),
  crLogical("crnor", 33, (a, b) => ~(a | b)),
  crLogical("cror", 449, (a, b) => a | b),
  crLogical("crorc", 417, (a, b) => a | ~b),
  crLogical("crxor", 193, (a, b) => a ^ b),
  {
    mnemonic: "mcrf", form: "XL", opcd: 19, xo: 0, xoField: "XO10", syntax: "crfD,crfS", timing: T.crLogical,
    exec: (cpu, op) => cpu.setCrField(crfD(op), cpu.getCrField(crfS(op))),
  },
  {
    // XER[SO, OV, CA] move to the CR field and are cleared (UISA §4.2.1)
    mnemonic: "mcrxr", form: "X", opcd: 31, xo: 512, xoField: "XO10", syntax: "crfD", timing: T.crLogical,
    exec: (cpu, op) => {
      cpu.setCrField(crfD(op), (cpu.so << 3) | (cpu.ov << 2) | (cpu.ca << 1));
      cpu.so = cpu.ov = cpu.ca = 0;
    },
  },
  {
    mnemonic: "mtcrf", form: "XFX", opcd: 31, xo: 144, xoField: "XO10", syntax: "CRM,rS", timing: T.crLogical,
    exec: (cpu, op) => {
      const crm = CRM(op);
      let mask = 0;
      for (let field = 0; field < 8; field++) {
        if ((crm & (0x80 >>> field)) !== 0) mask |= 0xf0000000 >>> (field * 4);
      }
      cpu.cr = (cpu.gpr[rS(op)] & mask) | (cpu.cr & ~mask);
    },
  },
  {
    mnemonic: "mfcr", form: "X", opcd: 31, xo: 19, xoField: "XO10", syntax: "rD", timing: T.crLogical,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = cpu.cr;
    },
  },
];
