/**
 * Special-purpose registers, traps, synchronization, cache control and the supervisor-level
 * instructions that move between privilege levels (UISA §3.3.11, §4.2.3; VEA §3.2; OEA §4.3).
 */
import type { Cpu, CpuModel } from "../cpu.js";
import { ProgramCause, Vector } from "../exceptions.js";
import type { InstructionDescription } from "../isa.js";
import { T } from "../isa.js";
import { SIMM, SPR as SPR_FIELD, TBR, TO, rA, rB, rD, rS } from "../fields.js";
import { MSR, SPR, isSupervisorSpr } from "../spr.js";
import { eaIndexed } from "./loadstore.js";
import { IBAT0U } from "../../mmu/bat.js";

/** MSR bits rfi restores from SRR1 (OEA §4.3.1: bits 0, 5-9, 16-23, 25-27, 30-31). */
const RFI_MSR_MASK = 0x87c0ff73;

/** SPRs the 750 implements besides XER/LR/CTR (MPC750 UM Table 2-1, Table 2-2). */
const SPRS_750: readonly number[] = [
  SPR.DSISR, SPR.DAR, SPR.DEC, SPR.SDR1, SPR.SRR0, SPR.SRR1,
  SPR.SPRG0, SPR.SPRG1, SPR.SPRG2, SPR.SPRG3, SPR.EAR, SPR.TBL_WRITE, SPR.TBU_WRITE, SPR.PVR,
  ...Array.from({ length: 16 }, (_, i) => IBAT0U + i), // IBAT0U ... DBAT3L
  936, 937, 938, 939, 940, 941, 942, // UMMCR0, UPMC1, UPMC2, USIA, UMMCR1, UPMC3, UPMC4 (read-only)
  952, 953, 954, 955, 956, 957, 958, // MMCR0, PMC1, PMC2, SIA, MMCR1, PMC3, PMC4
  SPR.HID0, SPR.HID1, SPR.IABR, SPR.DABR, 1017, 1019, 1020, 1021, 1022, // ..., L2CR, ICTC, THRM1-3
];
/** The 7400 adds VRSAVE, MMCR2/BAMR and their user copies, MSSCR0/1 and L2PMCR (MPC7400 UM §2.1). */
const SPRS_7400_EXTRA: readonly number[] = [256, 928, 935, 944, 951, 1014, 1015, 1016];
/** User-level read-only copies of the performance monitor registers. */
const USER_READ_ONLY: readonly number[] = [928, 935, 936, 937, 938, 939, 940, 941, 942];

const CAN_READ = 1;
const CAN_WRITE = 2;

/** Per SPR number, whether mfspr (CAN_READ) and mtspr (CAN_WRITE) may name it on this model. */
function accessTable(sprs: readonly number[]): Uint8Array {
  const table = new Uint8Array(1024);
  for (const spr of [SPR.XER, SPR.LR, SPR.CTR, ...sprs]) table[spr] = CAN_READ | CAN_WRITE;
  for (const spr of [SPR.PVR, ...USER_READ_ONLY]) table[spr] &= ~CAN_WRITE;
  // TBL/TBU are written with mtspr but read only through mftb (UISA §3.3.11, OEA §2.3.12).
  for (const spr of [SPR.TBL_WRITE, SPR.TBU_WRITE]) table[spr] &= ~CAN_READ;
  return table;
}

const SPR_ACCESS: Readonly<Record<CpuModel, Uint8Array>> = {
  "750": accessTable(SPRS_750),
  "7400": accessTable([...SPRS_750, ...SPRS_7400_EXTRA]),
};

/**
 * Access check for mfspr/mtspr (OEA §4.4.1): in user mode an SPR number with the supervisor
 * bit is a privileged-instruction program exception; otherwise an SPR the model lacks, or an
 * access it does not allow, is an illegal instruction.
 */
function checkSprAccess(cpu: Cpu, spr: number, access: number): void {
  if (isSupervisorSpr(spr) && (cpu.msr & MSR.PR) !== 0) cpu.programException(ProgramCause.PrivilegedInstruction);
  if ((SPR_ACCESS[cpu.model][spr] & access) === 0) cpu.programException(ProgramCause.IllegalInstruction);
}

export function readSpr(cpu: Cpu, spr: number): number {
  switch (spr) {
    case SPR.XER:
      return cpu.xer | 0;
    case SPR.LR:
      return cpu.lr;
    case SPR.CTR:
      return cpu.ctr;
    case SPR.DEC:
      return cpu.timeBase.readDecrementer(cpu.cycles);
    default:
      return cpu.spr[spr] | 0;
  }
}

export function writeSpr(cpu: Cpu, spr: number, value: number): void {
  switch (spr) {
    case SPR.XER:
      cpu.xer = value;
      return;
    case SPR.LR:
      cpu.lr = value;
      return;
    case SPR.CTR:
      cpu.ctr = value;
      return;
    case SPR.TBL_WRITE: {
      const tb = cpu.timeBase.read(cpu.cycles);
      cpu.timeBase.write(cpu.cycles, (tb & 0xffff_ffff_0000_0000n) | BigInt(value >>> 0));
      return;
    }
    case SPR.TBU_WRITE: {
      const tb = cpu.timeBase.read(cpu.cycles);
      cpu.timeBase.write(cpu.cycles, (tb & 0xffff_ffffn) | (BigInt(value >>> 0) << 32n));
      return;
    }
    case SPR.DEC:
      cpu.timeBase.writeDecrementer(cpu.cycles, value);
      cpu.eventAt = 0; // the deadline moved
      return;
    case SPR.SDR1:
      cpu.spr[spr] = value;
      cpu.mmu.flushTranslationCache();
      return;
    case SPR.DABR:
      cpu.spr[spr] = value;
      cpu.mmu.setDabr(value);
      return;
    case SPR.IABR:
      cpu.spr[spr] = value;
      cpu.eventAt = 0; // the run loop picks up the new breakpoint
      return;
    default:
      cpu.spr[spr] = value;
      // BAT writes change translation at once (software follows them with isync).
      if (spr >= IBAT0U && spr < IBAT0U + 16) cpu.mmu.flushTranslationCache();
  }
}

/** TO-field trap conditions (UISA §3.3.10): lt, gt, eq signed; lt, gt unsigned. */
function trapCondition(to: number, a: number, b: number): boolean {
  return (
    ((to & 0x10) !== 0 && a < b) ||
    ((to & 0x08) !== 0 && a > b) ||
    ((to & 0x04) !== 0 && a === b) ||
    ((to & 0x02) !== 0 && a >>> 0 < b >>> 0) ||
    ((to & 0x01) !== 0 && a >>> 0 > b >>> 0)
  );
}

const CACHE_BLOCK = 32;

export const SYSTEM_INSTRUCTIONS: readonly InstructionDescription[] = [
  {
    mnemonic: "mfspr", form: "XFX", opcd: 31, xo: 339, xoField: "XO10", syntax: "rD,SPR", timing: T.mfspr,
    exec: (cpu, op) => {
      const spr = SPR_FIELD(op);
      checkSprAccess(cpu, spr, CAN_READ);
      cpu.gpr[rD(op)] = readSpr(cpu, spr);
    },
  },
  {
    mnemonic: "mtspr", form: "XFX", opcd: 31, xo: 467, xoField: "XO10", syntax: "SPR,rS", timing: T.mtspr,
    exec: (cpu, op) => {
      const spr = SPR_FIELD(op);
      checkSprAccess(cpu, spr, CAN_WRITE);
      writeSpr(cpu, spr, cpu.gpr[rS(op)]);
    },
  },
  {
    // TBR 268 reads TBL and 269 TBU (VEA §2.2); any other TBR is an illegal instruction.
    mnemonic: "mftb", form: "XFX", opcd: 31, xo: 371, xoField: "XO10", syntax: "rD,TBR", timing: T.mftb,
    exec: (cpu, op) => {
      const tbr = TBR(op);
      if (tbr === SPR.TBL_READ) cpu.gpr[rD(op)] = Number(cpu.timeBase.read(cpu.cycles) & 0xffff_ffffn) | 0;
      else if (tbr === SPR.TBU_READ) cpu.gpr[rD(op)] = Number(cpu.timeBase.read(cpu.cycles) >> 32n) | 0;
      else cpu.programException(ProgramCause.IllegalInstruction);
    },
  },
  {
    mnemonic: "tw", form: "X", opcd: 31, xo: 4, xoField: "XO10", syntax: "TO,rA,rB", timing: T.trap,
    exec: (cpu, op) => {
      if (trapCondition(TO(op), cpu.gpr[rA(op)], cpu.gpr[rB(op)])) cpu.programException(ProgramCause.Trap);
    },
  },
  {
    mnemonic: "twi", form: "D", opcd: 3, syntax: "TO,rA,SIMM", timing: T.trap,
    exec: (cpu, op) => {
      if (trapCondition(TO(op), cpu.gpr[rA(op)], SIMM(op))) cpu.programException(ProgramCause.Trap);
    },
  },
  // Memory ordering: ppcmac performs every access in program order, so these have no effect on
  // data; isync also discards the prefetched translation (context synchronization, OEA §2.3.18).
  { mnemonic: "sync", form: "X", opcd: 31, xo: 598, xoField: "XO10", syntax: "", timing: T.sync, exec: () => {} },
  { mnemonic: "eieio", form: "X", opcd: 31, xo: 854, xoField: "XO10", syntax: "", timing: T.eieio, exec: () => {} },
  {
    mnemonic: "isync", form: "XL", opcd: 19, xo: 150, xoField: "XO10", syntax: "", timing: T.isync,
    exec: (cpu) => {
      cpu.fetchStale = true;
    },
  },
  // Cache control (VEA §3.2). There are no data caches to keep coherent yet, so touches are
  // hints, and dcbst/dcbf only check the address as a load would; dcbz writes zeros.
  { mnemonic: "dcbt", form: "X", opcd: 31, xo: 278, xoField: "XO10", syntax: "rA|0,rB", timing: T.touch, exec: () => {} },
  { mnemonic: "dcbtst", form: "X", opcd: 31, xo: 246, xoField: "XO10", syntax: "rA|0,rB", timing: T.touch, exec: () => {} },
  {
    mnemonic: "dcbst", form: "X", opcd: 31, xo: 54, xoField: "XO10", syntax: "rA|0,rB", timing: T.cacheOp,
    exec: (cpu, op) => {
      cpu.mmu.translateData(eaIndexed(cpu, op), false);
    },
  },
  {
    mnemonic: "dcbf", form: "X", opcd: 31, xo: 86, xoField: "XO10", syntax: "rA|0,rB", timing: T.cacheOp,
    exec: (cpu, op) => {
      cpu.mmu.translateData(eaIndexed(cpu, op), false);
    },
  },
  {
    mnemonic: "dcbz", form: "X", opcd: 31, xo: 1014, xoField: "XO10", syntax: "rA|0,rB", timing: T.cacheOp,
    exec: (cpu, op) => {
      // One block store: every check happens before the first byte is written.
      const block = cpu.mmu.zeroBlockAddress(eaIndexed(cpu, op), CACHE_BLOCK);
      for (let offset = 0; offset < CACHE_BLOCK; offset += 4) cpu.mmu.phys.write32(block + offset, 0);
    },
  },
  {
    // Invalidates the decoded instructions of the block, so modified code is decoded afresh.
    mnemonic: "icbi", form: "X", opcd: 31, xo: 982, xoField: "XO10", syntax: "rA|0,rB", timing: T.cacheOp,
    exec: (cpu, op) => {
      const pa = cpu.mmu.translateData(eaIndexed(cpu, op), false) & ~(CACHE_BLOCK - 1);
      cpu.decodeCache.invalidate(pa >>> 0, CACHE_BLOCK);
    },
  },
  {
    // The system call exception: SRR0 is the instruction after sc (OEA §6.4.10).
    mnemonic: "sc", form: "SC", opcd: 17, syntax: "", timing: T.sc,
    exec: (cpu) => cpu.deliverException(Vector.SystemCall, cpu.pc, 0),
  },
  {
    mnemonic: "rfi", form: "XL", opcd: 19, xo: 50, xoField: "XO10", syntax: "", privileged: true, timing: T.rfi,
    exec: (cpu) => {
      const srr1 = cpu.spr[SPR.SRR1];
      cpu.setMsr((cpu.msr & ~RFI_MSR_MASK) | (srr1 & RFI_MSR_MASK));
      cpu.pc = cpu.spr[SPR.SRR0] & ~3;
    },
  },
  {
    mnemonic: "mfmsr", form: "X", opcd: 31, xo: 83, xoField: "XO10", syntax: "rD", privileged: true, timing: T.msr,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = cpu.msr;
    },
  },
  {
    mnemonic: "mtmsr", form: "X", opcd: 31, xo: 146, xoField: "XO10", syntax: "rS", privileged: true, timing: T.msr,
    exec: (cpu, op) => cpu.setMsr(cpu.gpr[rS(op)]),
  },
];
