/**
 * Builds the dispatch tables from the instruction descriptions, once, at start-up: a table of
 * 64 primary opcodes and, for the primary opcodes that have them (19, 31, 59, 63), a table of
 * 1024 extended opcodes. Decoding a word is then two array loads.
 */
import type { Handler, InstructionDescription } from "./isa.js";
import { INSTRUCTIONS } from "./instructions/index.js";
import { ProgramCause } from "./exceptions.js";
import { MSR } from "./spr.js";
import type { Cpu } from "./cpu.js";

export interface Decoded {
  /** Index into INSTRUCTIONS, or -1 for a word that is not a valid instruction. */
  readonly id: number;
  readonly handler: Handler;
}

/** Words the 750 does not implement raise the program exception, illegal-instruction cause. */
export const illegalInstruction: Handler = (cpu: Cpu) => {
  cpu.programException(ProgramCause.IllegalInstruction);
};

const ILLEGAL: Decoded = { id: -1, handler: illegalInstruction };

function privilegedHandler(exec: Handler): Handler {
  return (cpu: Cpu, op: number) => {
    if ((cpu.msr & MSR.PR) !== 0) cpu.programException(ProgramCause.PrivilegedInstruction);
    else exec(cpu, op);
  };
}

const primary: (Decoded | Decoded[])[] = new Array<Decoded | Decoded[]>(64).fill(ILLEGAL);

function claim(table: (Decoded | Decoded[])[], index: number, entry: Decoded, who: InstructionDescription): void {
  const current = table[index];
  if (current !== ILLEGAL) {
    const other = Array.isArray(current) ? "an extended-opcode table" : INSTRUCTIONS[current.id].mnemonic;
    throw new Error(`decoder: ${who.mnemonic} collides with ${other} (opcode ${who.opcd}, slot ${index})`);
  }
  table[index] = entry;
}

INSTRUCTIONS.forEach((desc, id) => {
  const entry: Decoded = { id, handler: desc.privileged ? privilegedHandler(desc.exec) : desc.exec };
  if (desc.xoField === undefined || desc.xo === undefined) {
    claim(primary, desc.opcd, entry, desc);
    return;
  }
  let extended = primary[desc.opcd];
  if (!Array.isArray(extended)) {
    if (extended !== ILLEGAL) throw new Error(`decoder: opcode ${desc.opcd} is both primary and extended`);
    extended = new Array<Decoded>(1024).fill(ILLEGAL);
    primary[desc.opcd] = extended;
  }
  const table = extended as (Decoded | Decoded[])[];
  switch (desc.xoField) {
    case "XO10":
      claim(table, desc.xo, entry, desc);
      break;
    case "XO9": // bit 21 (OE) is not part of the extended opcode
      claim(table, desc.xo, entry, desc);
      claim(table, desc.xo | 0x200, entry, desc);
      break;
    case "XO5": // A-form: bits 21-25 hold frC, not opcode
      for (let upper = 0; upper < 32; upper++) claim(table, (upper << 5) | desc.xo, entry, desc);
      break;
  }
});

/** Finds the description and handler for an instruction word. Never fails: unknown is illegal. */
export function decode(word: number): Decoded {
  const entry = primary[word >>> 26];
  if (!Array.isArray(entry)) return entry;
  return entry[(word >>> 1) & 0x3ff];
}

/** The description of an instruction word, or undefined when the 750 would treat it as illegal. */
export function describe(word: number): InstructionDescription | undefined {
  const { id } = decode(word);
  return id < 0 ? undefined : INSTRUCTIONS[id];
}
