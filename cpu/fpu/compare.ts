/**
 * fcmpu and fcmpo (Book I §4.6.8): the comparison goes to CR field crfD and to FPSCR[FPCC];
 * FPRF's class bit is unchanged. An SNaN operand sets VXSNAN; fcmpo also sets VXVC for a QNaN
 * operand, and for an SNaN operand when invalid-operation exceptions are disabled.
 */
import type { Cpu } from "../cpu.js";
import { crfD, rA, rB } from "../fields.js";
import { Class, classify, fprWords } from "./bits.js";
import { FPSCR, applyToFpscr } from "./fpscr.js";

const LESS = 8;
const GREATER = 4;
const EQUAL = 2;
const UNORDERED = 1;

export function compare(cpu: Cpu, op: number, ordered: boolean): void {
  const a = rA(op);
  const b = rB(op);
  const x = cpu.fpr[a];
  const y = cpu.fpr[b];
  let result: number;
  let exceptions = 0;
  if (x !== x || y !== y) {
    const words = fprWords(cpu);
    const signalling = classify(words[2 * a + 1], words[2 * a]) === Class.SNAN ||
      classify(words[2 * b + 1], words[2 * b]) === Class.SNAN;
    result = UNORDERED;
    if (signalling) exceptions |= FPSCR.VXSNAN;
    if (ordered && (!signalling || (cpu.fpscr & FPSCR.VE) === 0)) exceptions |= FPSCR.VXVC;
  } else {
    result = x < y ? LESS : x > y ? GREATER : EQUAL;
  }
  cpu.setCrField(crfD(op), result);
  applyToFpscr(cpu, FPSCR.FPCC, (result << 12) | exceptions, exceptions, false);
}

