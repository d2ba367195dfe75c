/**
 * Bare-metal runs (docs/board.md): an ELF image loaded at its physical addresses and started in
 * supervisor mode with translation off, running until it writes the power register.
 */
import { ProgramCause, VECTOR_NAMES, Vector, type VectorOffset } from "../cpu/exceptions.js";
import { MSR, SPR } from "../cpu/spr.js";
import type { ElfImage } from "../elf/elf.js";
import type { Machine } from "./machine.js";

/** MSR at entry: supervisor, translation off, exception prefix 0, machine checks enabled. */
export const BARE_ENTRY_MSR = MSR.ME;

export type BareOutcome =
  | { readonly kind: "exit"; readonly status: number }
  | { readonly kind: "limit"; readonly retired: number }
  | { readonly kind: "unhandled-exception"; readonly report: UnhandledException }
  | { readonly kind: "checkstop"; readonly report: string }
  | { readonly kind: "halted"; readonly report: string };

export interface UnhandledException {
  readonly vector: VectorOffset;
  readonly name: string;
  readonly srr0: number;
  readonly srr1: number;
  readonly dar: number;
  readonly dsisr: number;
  readonly retired: number;
  /** For a program exception, the instruction word at SRR0 (when it is in RAM). */
  readonly instruction: number | undefined;
}

/**
 * Puts the CPU in the documented entry state: PC = ELF entry, MSR = ME, r1 = top of RAM - 16
 * (a usable stack), r3 = RAM size in bytes, every other register zero.
 */
export function prepareBareEntry(machine: Machine, image: ElfImage): void {
  const cpu = machine.cpu;
  cpu.reset();
  cpu.setMsr(BARE_ENTRY_MSR);
  cpu.pc = image.entry | 0;
  cpu.gpr[1] = (machine.phys.ramSize - 16) | 0;
  cpu.gpr[3] = machine.phys.ramSize | 0;
}

/** True when the handler at the vector the CPU would enter is missing (all-zero or outside RAM). */
function vectorIsEmpty(machine: Machine, vector: VectorOffset): boolean {
  const base = (machine.cpu.msr & MSR.IP) !== 0 ? 0xfff00000 : 0;
  const pa = base + vector;
  if (pa + 4 > machine.phys.ramSize) return true;
  return machine.phys.view.getUint32(pa) === 0;
}

export function runBare(machine: Machine, image: ElfImage, maxInstructions: number): BareOutcome {
  machine.loadElfPhysical(image);
  prepareBareEntry(machine, image);
  const cpu = machine.cpu;
  let unhandled: UnhandledException | undefined;
  cpu.exceptionHook = (_cpu, vector, srr0, srr1, dar, dsisr) => {
    if (!vectorIsEmpty(machine, vector)) return false;
    unhandled = {
      vector,
      name: VECTOR_NAMES[vector] ?? `vector 0x${vector.toString(16)}`,
      srr0: srr0 >>> 0,
      srr1: srr1 >>> 0,
      dar: (dar ?? cpu.spr[SPR.DAR]) >>> 0,
      dsisr: (dsisr ?? cpu.spr[SPR.DSISR]) >>> 0,
      retired: cpu.retired,
      instruction:
        vector === Vector.Program && (srr0 >>> 0) + 4 <= machine.phys.ramSize ? machine.phys.peek32(srr0 >>> 0) : undefined,
    };
    cpu.stopRequested = true;
    return true;
  };
  cpu.run(maxInstructions);
  if (unhandled !== undefined) return { kind: "unhandled-exception", report: unhandled };
  if (cpu.checkstopped) {
    return { kind: "checkstop", report: `machine check with MSR[ME]=0 at 0x${(cpu.cia >>> 0).toString(16)}` };
  }
  if (machine.exitStatus !== undefined) return { kind: "exit", status: machine.exitStatus };
  if (cpu.powerDownHalted) {
    return {
      kind: "halted",
      report: `the CPU powered down (MSR[POW]) at 0x${(cpu.cia >>> 0).toString(16)} with no interrupt that could wake it`,
    };
  }
  return { kind: "limit", retired: cpu.retired };
}

export function formatUnhandled(report: UnhandledException): string {
  const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
  let what = report.name;
  if (report.vector === Vector.Program) {
    what += ` (${programCause(report.srr1)}${report.instruction === undefined ? "" : `: ${hex(report.instruction)}`})`;
  }
  const lines = [
    `unhandled ${what} exception (vector 0x${report.vector.toString(16).padStart(4, "0")}, no handler installed) ` +
      `after ${report.retired} instructions`,
    `  SRR0 ${hex(report.srr0)}  SRR1 ${hex(report.srr1)}`,
  ];
  if (report.vector === Vector.DSI || report.vector === Vector.Alignment) {
    lines.push(`  DAR  ${hex(report.dar)}  DSISR ${hex(report.dsisr)}`);
  }
  return lines.join("\n");
}

/** The program exception's cause, from SRR1 bits 11-14 (OEA §6.4.7). */
export function programCause(srr1: number): string {
  if ((srr1 & ProgramCause.IllegalInstruction) !== 0) return "illegal instruction";
  if ((srr1 & ProgramCause.PrivilegedInstruction) !== 0) return "privileged instruction";
  if ((srr1 & ProgramCause.Trap) !== 0) return "trap";
  if ((srr1 & ProgramCause.FloatingPointEnabled) !== 0) return "floating-point enabled exception";
  return "no cause bit set";
}
