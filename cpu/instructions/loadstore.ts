/**
 * Integer loads and stores (UISA §3.3.2-3.3.7): byte, halfword and word, zero and algebraic,
 * byte-reversed, update and indexed forms, load/store multiple and string, lwarx/stwcx.
 *
 * Every access goes through cpu.mmu, which throws the DSI/alignment/machine-check exception for
 * a fault; a faulting access therefore leaves rD and rA unchanged (the update happens after it).
 * Update forms with rA=0, or rA=rD for loads, are invalid forms (UISA §3.3.2): ppcmac performs
 * them as written (EA from rA's value, rA written after rD) and the differential test skips them.
 */
import type { Cpu } from "../cpu.js";
import { GuestException, Vector, alignmentDsisr } from "../exceptions.js";
import type { InstructionDescription } from "../isa.js";
import { T } from "../isa.js";
import { NB, SIMM, rA, rB, rD, rS } from "../fields.js";

/** EA = (rA|0) + d for D-form accesses. */
export const eaDisplacement = (cpu: Cpu, op: number): number => {
  const a = rA(op);
  return a === 0 ? SIMM(op) : (cpu.gpr[a] + SIMM(op)) | 0;
};

/** EA = (rA|0) + rB for X-form accesses. */
export const eaIndexed = (cpu: Cpu, op: number): number => {
  const a = rA(op);
  return a === 0 ? cpu.gpr[rB(op)] : (cpu.gpr[a] + cpu.gpr[rB(op)]) | 0;
};

/** EA = rA + d, for update forms (rA is always a register there). */
const eaDisplacementUpdate = (cpu: Cpu, op: number): number => (cpu.gpr[rA(op)] + SIMM(op)) | 0;
const eaIndexedUpdate = (cpu: Cpu, op: number): number => (cpu.gpr[rA(op)] + cpu.gpr[rB(op)]) | 0;

/** Raises the alignment exception for `op` at effective address `ea`. */
export function alignmentException(op: number, ea: number): never {
  throw new GuestException(Vector.Alignment, 0, ea >>> 0, alignmentDsisr(op));
}

type Read = (cpu: Cpu, ea: number) => number;
type Write = (cpu: Cpu, ea: number, value: number) => void;

const readByte: Read = (cpu, ea) => cpu.mmu.read8(ea);
const readHalf: Read = (cpu, ea) => cpu.mmu.read16(ea);
const readHalfAlgebraic: Read = (cpu, ea) => (cpu.mmu.read16(ea) << 16) >> 16;
const readWord: Read = (cpu, ea) => cpu.mmu.read32(ea);
const readHalfReversed: Read = (cpu, ea) => {
  const half = cpu.mmu.read16(ea);
  return ((half & 0xff) << 8) | (half >>> 8);
};
const readWordReversed: Read = (cpu, ea) => byteSwap32(cpu.mmu.read32(ea));
const writeByte: Write = (cpu, ea, value) => cpu.mmu.write8(ea, value);
const writeHalf: Write = (cpu, ea, value) => cpu.mmu.write16(ea, value);
const writeWord: Write = (cpu, ea, value) => cpu.mmu.write32(ea, value);
const writeHalfReversed: Write = (cpu, ea, value) => cpu.mmu.write16(ea, ((value & 0xff) << 8) | ((value >>> 8) & 0xff));
const writeWordReversed: Write = (cpu, ea, value) => cpu.mmu.write32(ea, byteSwap32(value));

export function byteSwap32(value: number): number {
  return ((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24);
}

/** The four forms of a load: D, D with update, X, X with update (e.g. lbz, lbzu, lbzx, lbzux). */
function loadFamily(name: string, opcd: number, xo: number, read: Read): InstructionDescription[] {
  return [
    {
      mnemonic: name, form: "D", opcd, syntax: "rD,d(rA)", timing: T.load,
      exec: (cpu, op) => {
        cpu.gpr[rD(op)] = read(cpu, eaDisplacement(cpu, op));
      },
    },
    {
      mnemonic: `${name}u`, form: "D", opcd: opcd + 1, syntax: "rD,d(rA)", timing: T.load,
      exec: (cpu, op) => {
        const ea = eaDisplacementUpdate(cpu, op);
        const value = read(cpu, ea);
        cpu.gpr[rA(op)] = ea;
        cpu.gpr[rD(op)] = value;
      },
    },
    {
      mnemonic: `${name}x`, form: "X", opcd: 31, xo, xoField: "XO10", syntax: "rD,rA|0,rB", timing: T.load,
      exec: (cpu, op) => {
        cpu.gpr[rD(op)] = read(cpu, eaIndexed(cpu, op));
      },
    },
    {
      mnemonic: `${name}ux`, form: "X", opcd: 31, xo: xo + 32, xoField: "XO10", syntax: "rD,rA|0,rB", timing: T.load,
      exec: (cpu, op) => {
        const ea = eaIndexedUpdate(cpu, op);
        const value = read(cpu, ea);
        cpu.gpr[rA(op)] = ea;
        cpu.gpr[rD(op)] = value;
      },
    },
  ];
}

/** The four forms of a store: D, D with update, X, X with update (e.g. stw, stwu, stwx, stwux). */
function storeFamily(name: string, opcd: number, xo: number, write: Write): InstructionDescription[] {
  return [
    {
      mnemonic: name, form: "D", opcd, syntax: "rS,d(rA)", timing: T.store,
      exec: (cpu, op) => write(cpu, eaDisplacement(cpu, op), cpu.gpr[rS(op)]),
    },
    {
      mnemonic: `${name}u`, form: "D", opcd: opcd + 1, syntax: "rS,d(rA)", timing: T.store,
      exec: (cpu, op) => {
        const ea = eaDisplacementUpdate(cpu, op);
        write(cpu, ea, cpu.gpr[rS(op)]);
        cpu.gpr[rA(op)] = ea;
      },
    },
    {
      mnemonic: `${name}x`, form: "X", opcd: 31, xo, xoField: "XO10", syntax: "rS,rA|0,rB", timing: T.store,
      exec: (cpu, op) => write(cpu, eaIndexed(cpu, op), cpu.gpr[rS(op)]),
    },
    {
      mnemonic: `${name}ux`, form: "X", opcd: 31, xo: xo + 32, xoField: "XO10", syntax: "rS,rA|0,rB", timing: T.store,
      exec: (cpu, op) => {
        const ea = eaIndexedUpdate(cpu, op);
        write(cpu, ea, cpu.gpr[rS(op)]);
        cpu.gpr[rA(op)] = ea;
      },
    },
  ];
}

/**
 * Loads `count` bytes from ea into registers from rD up, four per register, wrapping r31 to r0.
 * String instructions in little-endian mode take the alignment exception on the 750.
 */
function loadString(cpu: Cpu, op: number, ea: number, count: number, first: number): void {
  if (cpu.mmu.littleEndian) alignmentException(op, ea);
  let reg = (first - 1) & 31;
  for (let i = 0; i < count; i++) {
    const lane = i & 3;
    if (lane === 0) {
      reg = (reg + 1) & 31;
      cpu.gpr[reg] = 0;
    }
    cpu.gpr[reg] |= cpu.mmu.read8((ea + i) | 0) << (24 - 8 * lane);
  }
}

function storeString(cpu: Cpu, op: number, ea: number, count: number, first: number): void {
  if (cpu.mmu.littleEndian) alignmentException(op, ea);
  let reg = (first - 1) & 31;
  for (let i = 0; i < count; i++) {
    const lane = i & 3;
    if (lane === 0) reg = (reg + 1) & 31;
    cpu.mmu.write8((ea + i) | 0, (cpu.gpr[reg] >>> (24 - 8 * lane)) & 0xff);
  }
}

/** The 750's reservation granule is one 32-byte coherence block (the 750's cache-block size). */
const RESERVATION_GRANULE_MASK = ~31;

export const LOAD_STORE_INSTRUCTIONS: readonly InstructionDescription[] = [
  ...loadFamily("lbz", 34, 87, readByte),
  ...loadFamily("lhz", 40, 279, readHalf),
  ...loadFamily("lha", 42, 343, readHalfAlgebraic),
  ...loadFamily("lwz", 32, 23, readWord),
  ...storeFamily("stb", 38, 215, writeByte),
  ...storeFamily("sth", 44, 407, writeHalf),
  ...storeFamily("stw", 36, 151, writeWord),
  {
    mnemonic: "lhbrx", form: "X", opcd: 31, xo: 790, xoField: "XO10", syntax: "rD,rA|0,rB", timing: T.load,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = readHalfReversed(cpu, eaIndexed(cpu, op));
    },
  },
  {
    mnemonic: "lwbrx", form: "X", opcd: 31, xo: 534, xoField: "XO10", syntax: "rD,rA|0,rB", timing: T.load,
    exec: (cpu, op) => {
      cpu.gpr[rD(op)] = readWordReversed(cpu, eaIndexed(cpu, op));
    },
  },
  {
    mnemonic: "sthbrx", form: "X", opcd: 31, xo: 918, xoField: "XO10", syntax: "rS,rA|0,rB", timing: T.store,
    exec: (cpu, op) => writeHalfReversed(cpu, eaIndexed(cpu, op), cpu.gpr[rS(op)]),
  },
  {
    mnemonic: "stwbrx", form: "X", opcd: 31, xo: 662, xoField: "XO10", syntax: "rS,rA|0,rB", timing: T.store,
    exec: (cpu, op) => writeWordReversed(cpu, eaIndexed(cpu, op), cpu.gpr[rS(op)]),
  },
  {
    // A word-misaligned EA raises the alignment exception on the 750 (MPC750 UM §4.5.6).
    mnemonic: "lmw", form: "D", opcd: 46, syntax: "rD,d(rA)", timing: T.loadMultiple,
    exec: (cpu, op) => {
      let ea = eaDisplacement(cpu, op);
      if ((ea & 3) !== 0 || cpu.mmu.littleEndian) alignmentException(op, ea);
      for (let reg = rD(op); reg < 32; reg++, ea = (ea + 4) | 0) cpu.gpr[reg] = cpu.mmu.read32(ea);
    },
  },
  {
    mnemonic: "stmw", form: "D", opcd: 47, syntax: "rS,d(rA)", timing: T.storeMultiple,
    exec: (cpu, op) => {
      let ea = eaDisplacement(cpu, op);
      if ((ea & 3) !== 0 || cpu.mmu.littleEndian) alignmentException(op, ea);
      for (let reg = rS(op); reg < 32; reg++, ea = (ea + 4) | 0) cpu.mmu.write32(ea, cpu.gpr[reg]);
    },
  },
  {
    // NB=0 means 32 bytes; EA is (rA|0) with no displacement.
    mnemonic: "lswi", form: "X", opcd: 31, xo: 597, xoField: "XO10", syntax: "rD,rA|0,NB", timing: T.loadMultiple,
    exec: (cpu, op) => {
      const a = rA(op);
      loadString(cpu, op, a === 0 ? 0 : cpu.gpr[a], NB(op) === 0 ? 32 : NB(op), rD(op));
    },
  },
  {
    // The byte count is XER[25-31]; zero bytes leave rD unchanged.
    mnemonic: "lswx", form: "X", opcd: 31, xo: 533, xoField: "XO10", syntax: "rD,rA|0,rB", timing: T.loadMultiple,
    exec: (cpu, op) => loadString(cpu, op, eaIndexed(cpu, op), cpu.xerByteCount, rD(op)),
  },
  {
    mnemonic: "stswi", form: "X", opcd: 31, xo: 725, xoField: "XO10", syntax: "rS,rA|0,NB", timing: T.storeMultiple,
    exec: (cpu, op) => {
      const a = rA(op);
      storeString(cpu, op, a === 0 ? 0 : cpu.gpr[a], NB(op) === 0 ? 32 : NB(op), rS(op));
    },
  },
  {
    mnemonic: "stswx", form: "X", opcd: 31, xo: 661, xoField: "XO10", syntax: "rS,rA|0,rB", timing: T.storeMultiple,
    exec: (cpu, op) => storeString(cpu, op, eaIndexed(cpu, op), cpu.xerByteCount, rS(op)),
  },
  {
    mnemonic: "lwarx", form: "X", opcd: 31, xo: 20, xoField: "XO10", syntax: "rD,rA|0,rB", timing: T.lwarx,
    exec: (cpu, op) => {
      const ea = eaIndexed(cpu, op);
      if ((ea & 3) !== 0) alignmentException(op, ea);
      const value = cpu.mmu.read32(ea);
      cpu.reservationAddress = cpu.mmu.translateData(ea, false) & RESERVATION_GRANULE_MASK;
      cpu.reserved = true;
      cpu.gpr[rD(op)] = value;
    },
  },
  {
    // Stores only while the reservation holds and covers this granule; CR0[EQ] reports success
    // (UISA §3.3.7). Stores to other addresses under a reservation are implementation-defined:
    // ppcmac fails them without storing.
    mnemonic: "stwcx.", form: "X", opcd: 31, xo: 150, xoField: "XO10", syntax: "rS,rA|0,rB", timing: T.stwcx,
    exec: (cpu, op) => {
      const ea = eaIndexed(cpu, op);
      if ((ea & 3) !== 0) alignmentException(op, ea);
      let stored = false;
      if (cpu.reserved) {
        const granule = cpu.mmu.translateData(ea, true) & RESERVATION_GRANULE_MASK;
        if (granule === cpu.reservationAddress) {
          cpu.mmu.write32(ea, cpu.gpr[rS(op)]);
          stored = true;
        }
      }
      cpu.reserved = false;
      cpu.setCrField(0, (stored ? 2 : 0) | cpu.so);
    },
  },
];
