/**
 * Exception vectors and the cause bits software reads from SRR1 (MPC750 UM §4.5; OEA §6.4).
 * Memory accesses signal a fault by throwing a GuestException; the interpreter catches it,
 * abandons the instruction and delivers the exception, so no partial result is written.
 */
export const Vector = {
  SystemReset: 0x100,
  MachineCheck: 0x200,
  DSI: 0x300,
  ISI: 0x400,
  External: 0x500,
  Alignment: 0x600,
  Program: 0x700,
  FPUnavailable: 0x800,
  Decrementer: 0x900,
  SystemCall: 0xc00,
  Trace: 0xd00,
  PerformanceMonitor: 0xf00,
  InstructionAddressBreakpoint: 0x1300,
  SystemManagement: 0x1400,
  Thermal: 0x1700,
} as const;
export type VectorOffset = (typeof Vector)[keyof typeof Vector];

export const VECTOR_NAMES: Readonly<Record<number, string>> = {
  0x100: "system reset",
  0x200: "machine check",
  0x300: "DSI",
  0x400: "ISI",
  0x500: "external interrupt",
  0x600: "alignment",
  0x700: "program",
  0x800: "floating-point unavailable",
  0x900: "decrementer",
  0xc00: "system call",
  0xd00: "trace",
  0xf00: "performance monitor",
  0x1300: "instruction address breakpoint",
  0x1400: "system management",
  0x1700: "thermal management",
};

/** SRR1 cause bits of the program exception (OEA §6.4.7). */
export const ProgramCause = {
  FloatingPointEnabled: 0x0010_0000, // bit 11
  IllegalInstruction: 0x0008_0000, // bit 12
  PrivilegedInstruction: 0x0004_0000, // bit 13
  Trap: 0x0002_0000, // bit 14
  /** SRR0 holds the address of the next instruction, not the faulting one (bit 15). */
  SubsequentAddress: 0x0001_0000,
} as const;

/**
 * DSISR placeholder for an alignment exception raised below the instruction handlers (the MMU
 * does not know the instruction word); the CPU fills in the real DSISR from the instruction.
 */
export const ALIGNMENT_DSISR_PENDING = -1;

/** A fault raised while executing an instruction; caught by the interpreter loop. */
export class GuestException {
  constructor(
    readonly vector: VectorOffset,
    /** Cause bits to OR into SRR1 (bits 0-15 of SRR1 are exception-specific). */
    readonly srr1Cause: number,
    /** DAR and DSISR for DSI and alignment; ignored otherwise. */
    readonly dar = 0,
    readonly dsisr = 0,
  ) {}
}

/**
 * DSISR for an alignment exception (OEA §6.4.6): bits 15-21 identify the instruction,
 * bits 22-26 hold rD/rS and bits 27-31 rA.
 */
export function alignmentDsisr(op: number): number {
  const primary = op >>> 26;
  let index: number;
  if (primary === 31) {
    // X-form: DSISR[15-16] = op[29-30], DSISR[17] = op[25], DSISR[18-21] = op[21-24]
    index = (((op >>> 1) & 3) << 5) | (((op >>> 6) & 1) << 4) | ((op >>> 7) & 0xf);
  } else {
    // D-form: DSISR[15-16] = 0, DSISR[17] = op[5], DSISR[18-21] = op[1-4]
    index = (((op >>> 26) & 1) << 4) | ((op >>> 27) & 0xf);
  }
  return ((index << 10) | (((op >>> 21) & 31) << 5) | ((op >>> 16) & 31)) >>> 0;
}
