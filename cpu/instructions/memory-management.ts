/**
 * Supervisor memory-management instructions (OEA §4.3.2-4.3.3): segment registers, TLB
 * invalidation, dcbi and the external-control instructions.
 */
import type { InstructionDescription } from "../isa.js";
import { T } from "../isa.js";
import { SR, rB, rD, rS } from "../fields.js";
import { GuestException, Vector } from "../exceptions.js";
import { SPR } from "../spr.js";
import { alignmentException, eaIndexed } from "./loadstore.js";
import { DSISR_STORE } from "../../mmu/faults.js";

/** EAR[E] enables eciwx/ecowx; without it they raise a DSI with DSISR bit 11 (OEA §6.4.3). */
const EAR_E = 0x8000_0000;
const DSISR_EAR_DISABLED = 0x0010_0000;

export const MEMORY_MANAGEMENT_INSTRUCTIONS: readonly InstructionDescription[] = [
  {
    mnemonic: "mtsr", form: "X", opcd: 31, xo: 210, xoField: "XO10", syntax: "SR,rS", privileged: true, timing: T.mtsr,
    exec: (cpu, op) => {
      cpu.sr[SR(op)] = cpu.gpr[rS(op)];
      cpu.mmu.flushTranslationCache();
    },
  },
  {
    mnemonic: "mtsrin", form: "X", opcd: 31, xo: 242, xoField: "XO10", syntax: "rS,rB", privileged: true, timing: T.mtsr,
    exec: (cpu, op) => {
      cpu.sr[cpu.gpr[rB(op)] >>> 28] = cpu.gpr[rS(op)];
      cpu.mmu.flushTranslationCache();
    },
  },
  {
    mnemonic: "mfsr", form: "X", opcd: 31, xo: 595, xoField: "XO10", syntax: "rD,SR", privileged: true, timing: T.mfsr,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = cpu.sr[SR(op)];
    },
  },
  {
    mnemonic: "mfsrin", form: "X", opcd: 31, xo: 659, xoField: "XO10", syntax: "rD,rB", privileged: true, timing: T.mfsr,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = cpu.sr[cpu.gpr[rB(op)] >>> 28];
    },
  },
  {
    // Invalidates the TLB congruence class selected by rB in both TLBs (MPC750 UM §5.4.3.2).
    mnemonic: "tlbie", form: "X", opcd: 31, xo: 306, xoField: "XO10", syntax: "rB", privileged: true, timing: T.tlb,
    exec: (cpu, op) => cpu.mmu.tlbie(cpu.gpr[rB(op)]),
  },
  {
    // Waits for other processors' tlbie to complete; a uniprocessor has nothing to wait for.
    mnemonic: "tlbsync", form: "X", opcd: 31, xo: 566, xoField: "XO10", syntax: "", privileged: true, timing: T.tlb,
    exec: () => {},
  },
  {
    // Discards a cache block without writing it back. With no data cache modelled there is
    // nothing to discard, but the address is checked as a store would be (OEA §5.1.5).
    mnemonic: "dcbi", form: "X", opcd: 31, xo: 470, xoField: "XO10", syntax: "rA|0,rB", privileged: true, timing: T.cacheOp,
    exec: (cpu, op) => {
      cpu.mmu.translateData(eaIndexed(cpu, op), true);
    },
  },
  {
    mnemonic: "eciwx", form: "X", opcd: 31, xo: 310, xoField: "XO10", syntax: "rD,rA|0,rB", timing: T.load,
    exec: (cpu, op) => {
      const ea = eaIndexed(cpu, op);
      if ((cpu.spr[SPR.EAR] & EAR_E) === 0) throw new GuestException(Vector.DSI, 0, ea >>> 0, DSISR_EAR_DISABLED);
      if ((ea & 3) !== 0) alignmentException(op, ea);
      cpu.gpr[rD(op)] = cpu.mmu.read32(ea);
    },
  },
  {
    mnemonic: "ecowx", form: "X", opcd: 31, xo: 438, xoField: "XO10", syntax: "rS,rA|0,rB", timing: T.store,
    exec: (cpu, op) => {
      const ea = eaIndexed(cpu, op);
      if ((cpu.spr[SPR.EAR] & EAR_E) === 0) {
        throw new GuestException(Vector.DSI, 0, ea >>> 0, (DSISR_EAR_DISABLED | DSISR_STORE) >>> 0);
      }
      if ((ea & 3) !== 0) alignmentException(op, ea);
      cpu.mmu.write32(ea, cpu.gpr[rS(op)]);
    },
  },
];
