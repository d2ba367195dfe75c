/**
 * The disassembler: turns an instruction word into the text `powerpc-linux-gnu-objdump -d`
 * (binutils 2.40) prints for it in a 32-bit PowerPC ELF file. It never decodes on its own: the
 * decoder's `describe` finds the instruction description, whose `syntax` template is formatted
 * here token by token. Simplified mnemonics (mr, li, blr, ...) live in disasm-simplified.ts, a
 * table consulted before this generic layer.
 *
 * objdump's default dialect for such a file is "power10 + any", so the text follows the current
 * Power ISA where it differs from the 750 manuals (docs/disassembler.md lists those cases).
 */
import { describe } from "./decoder.js";
import type { InstructionDescription, OperandToken } from "./isa.js";
import {
  BD, CRM, FM, IMM, LI, MB, ME, NB, SH, SIMM, SPR, SR, TO, UIMM, crfD, crfS, rA, rB, rC, rD,
} from "./fields.js";
import { simplify } from "./disasm-simplified.js";

/** One instruction as objdump shows it: mnemonic, operands, and the branch target if any. */
export interface Disassembly {
  readonly mnemonic: string;
  /** Operand texts, without the branch target. */
  readonly operands: readonly string[];
  /** Absolute branch target, printed after the other operands by the caller's address format. */
  readonly target?: number;
}

/** How a branch target is printed; objdump prints `0x1f4` when the file has no symbols. */
export type AddressFormat = (address: number) => string;
export const plainAddress: AddressFormat = (address) => `0x${(address >>> 0).toString(16)}`;

/** What objdump prints for a word it cannot decode. */
export function dataWord(word: number): Disassembly {
  return { mnemonic: ".long", operands: [`0x${(word >>> 0).toString(16)}`] };
}

// --- operand texts ---

export const gpr = (n: number): string => `r${n}`;
export const fpr = (n: number): string => `f${n}`;
export const crField = (n: number): string => `cr${n}`;
export const dec = (n: number): string => String(n);

const CR_BIT_NAMES = ["lt", "gt", "eq", "so"] as const;
/** A condition-register bit as objdump names it: `eq` in CR0, `4*cr1+eq` elsewhere. */
export function crBit(n: number): string {
  const field = n >>> 2;
  const name = CR_BIT_NAMES[n & 3];
  return field === 0 ? name : `4*cr${field}+${name}`;
}

/** Bits of the instruction word each operand token occupies (UISA §A.2 instruction formats). */
const TOKEN_BITS: Readonly<Record<OperandToken, number>> = {
  rD: 0x03e00000, rS: 0x03e00000, frD: 0x03e00000, frS: 0x03e00000,
  rA: 0x001f0000, "rA|0": 0x001f0000, frA: 0x001f0000, rB: 0x0000f800, frB: 0x0000f800, frC: 0x000007c0,
  SIMM: 0x0000ffff, UIMM: 0x0000ffff, "d(rA)": 0x001fffff,
  SH: 0x0000f800, MB: 0x000007c0, ME: 0x0000003e, NB: 0x0000f800,
  crfD: 0x03800000, crfS: 0x001c0000, L: 0x00200000,
  crbD: 0x03e00000, crbA: 0x001f0000, crbB: 0x0000f800,
  BO: 0x03e00000, BI: 0x001f0000, BD: 0x0000fffc, LI: 0x03fffffc,
  CRM: 0x000ff000, FM: 0x01fe0000, IMM: 0x0000f000,
  SPR: 0x001ff800, TBR: 0x001ff800, TO: 0x03e00000, SR: 0x000f0000,
};

const EXTENDED_OPCODE_BITS = { XO10: 0x7fe, XO9: 0x3fe, XO5: 0x3e } as const;

/** The tokens of a description's syntax template, parsed once per description. */
const tokenCache = new Map<InstructionDescription, readonly OperandToken[]>();
export function syntaxTokens(desc: InstructionDescription): readonly OperandToken[] {
  let tokens = tokenCache.get(desc);
  if (tokens === undefined) {
    tokens = desc.syntax === "" ? [] : (desc.syntax.split(",").map((t) => t.trim()) as OperandToken[]);
    for (const token of tokens) {
      if (!(token in TOKEN_BITS)) throw new Error(`disasm: ${desc.mnemonic} has unknown syntax token ${token}`);
    }
    tokenCache.set(desc, tokens);
  }
  return tokens;
}

/**
 * The bits a description gives meaning to: opcode, extended opcode, variant bits and operand
 * fields. objdump prints a word with any other bit set as `.long` (reserved bits must be 0,
 * UISA §1.7.1), so the disassembler does too.
 */
const definedCache = new Map<InstructionDescription, number>();
export function definedBits(desc: InstructionDescription): number {
  let bits = definedCache.get(desc);
  if (bits === undefined) {
    bits = 0xfc000000;
    if (desc.xoField !== undefined) bits |= EXTENDED_OPCODE_BITS[desc.xoField];
    if (desc.variants?.rc === true || desc.variants?.lk === true) bits |= 1;
    if (desc.variants?.oe === true) bits |= 0x400;
    if (desc.variants?.aa === true) bits |= 2;
    bits |= requiredOnes(desc);
    for (const token of syntaxTokens(desc)) bits |= TOKEN_BITS[token];
    definedCache.set(desc, bits);
  }
  return bits;
}

/**
 * Bits that are 1 in every valid word of the description: bit 30 of sc (SC form), and bit 31
 * of the X-form instructions whose mnemonic ends in "." (stwcx.), where Rc is part of the opcode.
 */
export function requiredOnes(desc: InstructionDescription): number {
  if (desc.form === "SC") return 0x2;
  if (desc.form === "X" && desc.mnemonic.endsWith(".")) return 0x1;
  return 0;
}

/** Whether objdump accepts the word as a valid form of the description (no reserved bit set). */
export function isWellFormed(desc: InstructionDescription, word: number): boolean {
  const required = requiredOnes(desc);
  return (word & ~definedBits(desc)) === 0 && (word & required) === required;
}

/** The mnemonic with the suffixes its variant bits select: `o` (OE), `.` (Rc), `l` (LK), `a` (AA). */
export function suffixed(base: string, desc: InstructionDescription, word: number): string {
  const v = desc.variants;
  if (v === undefined) return base;
  let text = base;
  if (v.oe === true && (word & 0x400) !== 0) text += "o";
  if (v.rc === true && (word & 1) !== 0) text += ".";
  if (v.lk === true && (word & 1) !== 0) text += "l";
  if (v.aa === true && (word & 2) !== 0) text += "a";
  return text;
}

/** Branch target of an I- or B-form branch at `address` (UISA §2.4.1). */
export function branchTarget(word: number, address: number, displacement: number): number {
  return ((word & 2) !== 0 ? displacement : address + displacement) >>> 0;
}

/** Formats one operand token generically; a branch displacement yields its target instead. */
function operand(token: OperandToken, word: number, desc: InstructionDescription): string {
  switch (token) {
    case "rD": case "rS": return gpr(rD(word));
    case "rA": return gpr(rA(word));
    case "rA|0": return rA(word) === 0 ? "0" : gpr(rA(word));
    case "rB": return gpr(rB(word));
    case "frD": case "frS": return fpr(rD(word));
    case "frA": return fpr(rA(word));
    case "frB": return fpr(rB(word));
    case "frC": return fpr(rC(word));
    case "SIMM": return dec(SIMM(word));
    case "UIMM": return dec(UIMM(word));
    case "d(rA)": return `${SIMM(word)}(${rA(word) === 0 ? "0" : gpr(rA(word))})`;
    case "SH": return dec(SH(word));
    case "MB": return dec(MB(word));
    case "ME": return dec(ME(word));
    case "NB": return dec(NB(word) === 0 ? 32 : NB(word)); // NB=0 means 32 bytes (UISA lswi)
    case "crfD": return crField(crfD(word));
    case "crfS": return crField(crfS(word));
    case "L": return dec((word >>> 21) & 1);
    case "crbD": return crBit(rD(word));
    case "crbA": return crBit(rA(word));
    case "crbB": return crBit(rB(word));
    case "BO": return dec(rD(word));
    case "BI": return crBit(rA(word));
    case "CRM": return dec(CRM(word));
    case "FM": return dec(FM(word));
    case "IMM": return dec(IMM(word));
    case "SPR": case "TBR": return dec(SPR(word));
    case "TO": return dec(TO(word));
    case "SR": return dec(SR(word));
    case "BD": case "LI": throw new Error("branch displacements are targets, formatted by the caller");
  }
}

/** Generic formatting of a description's syntax template, with no simplified mnemonic. */
export function formatGeneric(desc: InstructionDescription, word: number, address: number): Disassembly {
  if (!isWellFormed(desc, word)) return dataWord(word);
  const operands: string[] = [];
  let target: number | undefined;
  for (const token of syntaxTokens(desc)) {
    if (token === "BD") target = branchTarget(word, address, BD(word));
    else if (token === "LI") target = branchTarget(word, address, LI(word));
    else operands.push(operand(token, word, desc));
  }
  return { mnemonic: suffixed(desc.mnemonic, desc, word), operands, target };
}

/** Disassembles one word found at `address` (used for relative branch targets). */
export function disassemble(word: number, address = 0): Disassembly {
  const desc = describe(word);
  if (desc === undefined) return dataWord(word);
  return simplify(desc, word >>> 0, address >>> 0) ?? formatGeneric(desc, word >>> 0, address >>> 0);
}

/**
 * objdump's instruction text: the mnemonic padded with spaces to 8 columns (at least one space)
 * when operands follow, then the operands separated by commas.
 */
export function formatDisassembly(d: Disassembly, formatAddress: AddressFormat = plainAddress): string {
  const operands = d.target === undefined ? d.operands : [...d.operands, formatAddress(d.target)];
  if (operands.length === 0) return d.mnemonic;
  if (d.mnemonic === ".long") return `.long ${operands[0]}`; // printed by ppc-dis without padding
  const pad = Math.max(1, 8 - d.mnemonic.length);
  return d.mnemonic + " ".repeat(pad) + operands.join(",");
}

/** Disassembles and formats one word: `formatDisassembly(disassemble(word, address))`. */
export function disassembleToText(word: number, address = 0, formatAddress: AddressFormat = plainAddress): string {
  return formatDisassembly(disassemble(word, address), formatAddress);
}
