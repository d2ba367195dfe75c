/**
 * The shape of one instruction description. Every mnemonic the CPU knows is described exactly
 * once (cpu/instructions/*.ts); the decoder, the disassembler and the timing model are all built
 * from these descriptions, so adding an instruction is one edit in one place.
 */
import type { Cpu } from "./cpu.js";

/** Executes one instruction. `op` is the raw 32-bit instruction word. */
export type Handler = (cpu: Cpu, op: number) => void;

/** Instruction forms of the PowerPC Architecture (Book I, §1.7). */
export type Form =
  | "I" | "B" | "SC" | "D" | "X" | "XL" | "XFX" | "XFL" | "XO" | "A" | "M";

/**
 * Where the extended opcode sits. "XO10" is bits 21-30 (X, XL, XFX, XFL forms), "XO9" is bits
 * 22-30 of XO-form arithmetic (bit 21 is OE), "XO5" is bits 26-30 of the FP A-form.
 */
export type ExtendedOpcodeField = "XO10" | "XO9" | "XO5";

/** Execution units of the 750/7400 (timing-750-7400.md §3.5, §6.2). */
export type Unit = "IU" | "IU1" | "SRU" | "LSU" | "FPU" | "BPU" | "none";

/** Serialization classes (timing-750-7400.md §3.3). */
export type Serialization = "none" | "execution" | "completion" | "refetch" | "store";

/** Static timing data the timing model reads once per decoded instruction. */
export interface TimingClass {
  readonly unit: Unit;
  /** Cycles from execution start until a dependent instruction can start. */
  readonly latency: number;
  /** Cycles before the unit can start another instruction. */
  readonly interval: number;
  readonly serialization: Serialization;
}

/**
 * Operand syntax tokens used by `syntax` (comma-separated): register fields are named as in the
 * ISA manual. `rA|0` is the manual's (rA|0), the base of an effective address, where rA=0 means
 * the literal 0; `d(rA)` is a displacement with such a base.
 */
export type OperandToken =
  | "rD" | "rS" | "rA" | "rA|0" | "rB" | "frD" | "frS" | "frA" | "frB" | "frC"
  | "SIMM" | "UIMM" | "d(rA)" | "SH" | "MB" | "ME" | "NB"
  | "crfD" | "crfS" | "L" | "crbD" | "crbA" | "crbB" | "BO" | "BI" | "BD" | "LI"
  | "CRM" | "FM" | "IMM" | "SPR" | "TBR" | "TO" | "SR";

/** Which optional bits a mnemonic has; each gives a suffixed variant (`.`, `o`, `l`, `a`). */
export interface VariantBits {
  /** Bit 31 is Rc: the `.` form records to CR0 (CR1 for floating point). */
  readonly rc?: boolean;
  /** Bit 21 is OE: the `o` form records overflow in XER[OV, SO]. */
  readonly oe?: boolean;
  /** Bit 31 is LK: the `l` form writes the return address to LR. */
  readonly lk?: boolean;
  /** Bit 30 is AA: the `a` form uses an absolute target. */
  readonly aa?: boolean;
}

export interface InstructionDescription {
  /** Base mnemonic as the ISA manual spells it, without `.`/`o`/`l`/`a` suffixes. */
  readonly mnemonic: string;
  readonly form: Form;
  /** Primary opcode, bits 0-5. */
  readonly opcd: number;
  /** Extended opcode and where it sits, for primary opcodes 19, 31, 59 and 63. */
  readonly xo?: number;
  readonly xoField?: ExtendedOpcodeField;
  readonly variants?: VariantBits;
  /** Operand syntax as objdump prints the base form, e.g. "rD,rA,rB" (empty for none). */
  readonly syntax: string;
  /** Raises the program exception (privileged cause) when MSR[PR]=1. */
  readonly privileged?: boolean;
  readonly timing: TimingClass;
  readonly exec: Handler;
}

/** Timing classes shared by many descriptions (values from timing-750-7400.md §3.5, MPC750). */
export const T = {
  integer: { unit: "IU", latency: 1, interval: 1, serialization: "none" },
  carryIn: { unit: "IU", latency: 1, interval: 1, serialization: "none" },
  compare: { unit: "IU", latency: 1, interval: 1, serialization: "none" },
  trap: { unit: "IU", latency: 2, interval: 2, serialization: "none" },
  mulli: { unit: "IU1", latency: 3, interval: 3, serialization: "none" },
  mullw: { unit: "IU1", latency: 5, interval: 5, serialization: "none" },
  mulhwu: { unit: "IU1", latency: 6, interval: 6, serialization: "none" },
  divide: { unit: "IU1", latency: 19, interval: 19, serialization: "none" },
  crLogical: { unit: "SRU", latency: 1, interval: 1, serialization: "execution" },
  mfspr: { unit: "SRU", latency: 1, interval: 1, serialization: "execution" },
  mfbat: { unit: "SRU", latency: 3, interval: 3, serialization: "execution" },
  mtspr: { unit: "SRU", latency: 2, interval: 2, serialization: "execution" },
  msr: { unit: "SRU", latency: 1, interval: 1, serialization: "execution" },
  mfsr: { unit: "SRU", latency: 3, interval: 3, serialization: "execution" },
  mtsr: { unit: "SRU", latency: 2, interval: 2, serialization: "execution" },
  mftb: { unit: "SRU", latency: 1, interval: 1, serialization: "none" },
  isync: { unit: "none", latency: 2, interval: 2, serialization: "refetch" },
  sync: { unit: "SRU", latency: 3, interval: 3, serialization: "store" },
  eieio: { unit: "LSU", latency: 1, interval: 1, serialization: "none" },
  rfi: { unit: "none", latency: 2, interval: 2, serialization: "refetch" },
  sc: { unit: "none", latency: 2, interval: 2, serialization: "refetch" },
  tlb: { unit: "SRU", latency: 3, interval: 3, serialization: "execution" },
  load: { unit: "LSU", latency: 2, interval: 1, serialization: "none" },
  lwarx: { unit: "LSU", latency: 3, interval: 1, serialization: "execution" },
  loadMultiple: { unit: "LSU", latency: 2, interval: 1, serialization: "completion" },
  store: { unit: "LSU", latency: 2, interval: 1, serialization: "none" },
  storeMultiple: { unit: "LSU", latency: 2, interval: 1, serialization: "execution" },
  stwcx: { unit: "LSU", latency: 8, interval: 8, serialization: "store" },
  cacheOp: { unit: "LSU", latency: 3, interval: 3, serialization: "execution" },
  touch: { unit: "LSU", latency: 2, interval: 1, serialization: "none" },
  fpArith: { unit: "FPU", latency: 3, interval: 1, serialization: "none" },
  fpMulDouble: { unit: "FPU", latency: 4, interval: 2, serialization: "none" },
  fpMisc: { unit: "FPU", latency: 3, interval: 1, serialization: "none" },
  fres: { unit: "FPU", latency: 10, interval: 10, serialization: "none" },
  fdivs: { unit: "FPU", latency: 17, interval: 17, serialization: "none" },
  fdiv: { unit: "FPU", latency: 31, interval: 31, serialization: "none" },
  fpscr: { unit: "FPU", latency: 3, interval: 3, serialization: "execution" },
  branch: { unit: "BPU", latency: 1, interval: 1, serialization: "none" },
  illegal: { unit: "none", latency: 1, interval: 1, serialization: "refetch" },
} as const satisfies Record<string, TimingClass>;
