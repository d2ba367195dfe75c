/** Branch instructions (UISA §2.4.1, §4.2.4): b, bc, bclr, bcctr with every BO, AA and LK form. */
import type { Cpu } from "../cpu.js";
import type { InstructionDescription } from "../isa.js";
import { T } from "../isa.js";
import { AA, BD, BI, BO, LI, LK } from "../fields.js";

/**
 * Evaluates BO/BI for bc and bclr (UISA §2.4.1, "BO operand encodings"): BO[2]=0 decrements
 * CTR and tests it against BO[3]; BO[0]=0 tests CR bit BI against BO[1].
 */
function conditionHolds(cpu: Cpu, op: number): boolean {
  const bo = BO(op);
  let ctrOk = true;
  if ((bo & 0x04) === 0) {
    cpu.ctr = (cpu.ctr - 1) | 0;
    ctrOk = (cpu.ctr !== 0) !== ((bo & 0x02) !== 0);
  }
  if (!ctrOk) return false;
  if ((bo & 0x10) !== 0) return true;
  return ((cpu.cr >>> (31 - BI(op))) & 1) === ((bo >>> 3) & 1);
}

export const BRANCH_INSTRUCTIONS: readonly InstructionDescription[] = [
  {
    mnemonic: "b", form: "I", opcd: 18, variants: { aa: true, lk: true }, syntax: "LI", timing: T.branch,
    exec: (cpu, op) => {
      if (LK(op) !== 0) cpu.lr = cpu.pc;
      cpu.pc = AA(op) !== 0 ? LI(op) : (cpu.cia + LI(op)) | 0;
    },
  },
  {
    mnemonic: "bc", form: "B", opcd: 16, variants: { aa: true, lk: true }, syntax: "BO,BI,BD", timing: T.branch,
    exec: (cpu, op) => {
      const taken = conditionHolds(cpu, op);
      if (LK(op) !== 0) cpu.lr = cpu.pc;
      if (taken) cpu.pc = AA(op) !== 0 ? BD(op) : (cpu.cia + BD(op)) | 0;
    },
  },
  {
    mnemonic: "bclr", form: "XL", opcd: 19, xo: 16, xoField: "XO10", variants: { lk: true }, syntax: "BO,BI", timing: T.branch,
    exec: (cpu, op) => {
      const target = cpu.lr & ~3; // read before LK overwrites LR
      const taken = conditionHolds(cpu, op);
      if (LK(op) !== 0) cpu.lr = cpu.pc;
      if (taken) cpu.pc = target;
    },
  },
  {
    // BO[2]=0 ("decrement CTR") is an invalid form of bcctr (UISA §4.2.4). ppcmac neither
    // decrements nor tests CTR for it, and branches on the CR condition alone.
    mnemonic: "bcctr", form: "XL", opcd: 19, xo: 528, xoField: "XO10", variants: { lk: true }, syntax: "BO,BI", timing: T.branch,
    exec: (cpu, op) => {
      const bo = BO(op);
      const taken = (bo & 0x10) !== 0 || ((cpu.cr >>> (31 - BI(op))) & 1) === ((bo >>> 3) & 1);
      if (LK(op) !== 0) cpu.lr = cpu.pc;
      if (taken) cpu.pc = cpu.ctr & ~3;
    },
  },
];
