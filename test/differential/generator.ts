/**
 * The random-instruction-sequence generator of the differential test.
 *
 * A case is: random initial state (state.ts), a random scratch buffer, and a sequence of blocks.
 * A block is one instruction, or a few that belong together: the setup that makes an operand
 * known (an address inside the buffer, a divisor that is not zero, a branch target in LR/CTR, an
 * XER byte count), then the instruction under test. Branches go forward only, to the start of a
 * later block or to just after the sequence, so every case terminates and no branch lands inside
 * a setup-and-use pair.
 *
 * One register per case, the base register (random, never r0), points into the scratch buffer;
 * no instruction the generator emits writes it, so every effective address can be made from it
 * and the epilogue can store the final state through it.
 *
 * Forms the architecture leaves undefined or implementation-defined are never generated; each
 * rule is marked "Excluded:" where it is enforced, and integer.test.ts lists them all.
 *
 * Extension point for floating point: add InstructionClass entries to INSTRUCTION_CLASSES (an
 * FPR chooser next to `dest`/`src` in SequenceBuilder, FP values in values.ts) and FP sections
 * to state.ts; nothing else here knows which register files exist.
 */
import {
  PRIMARY, SPR_CTR, SPR_LR, SPR_XER, XO_19, XO_31, XO_ARITHMETIC, bForm, dForm, hex32, iForm, li,
  mForm, mtcrfForm, sprForm, xForm, xlForm, xoForm,
} from "./encoding.js";
import { Rng } from "./rng.js";
import { BUFFER_BYTES, GPR_SECTION, RecordLayout, XER_DEFINED_BITS } from "./state.js";
import { EDGE_WORDS, SIGN_EDGES, randomFive, randomHalf, randomShift, randomWord } from "./values.js";

/** One instruction; branch instructions and target loads are encoded once addresses are known. */
export interface Insn {
  /** ppcmac's base mnemonic for the word (as in cpu/instructions), e.g. "add" for "addo.". */
  readonly mnemonic: string;
  /** Set for the immediate loads and pointer arithmetic that prepare operands. */
  readonly setup?: true;
  text(target: number): string;
  encode(address: number, target: number): number;
}

export interface Block {
  readonly insns: readonly Insn[];
  /** For a block holding a branch: the index of the block it goes to (the block count = after the sequence). */
  readonly target?: number;
}

const r = (n: number): string => `r${n}`;
const signed16 = (half: number): number => (half << 16) >> 16;

function plain(mnemonic: string, text: string, word: number): Insn {
  return { mnemonic, text: () => text, encode: () => word };
}

/** An instruction that only prepares an operand for the one under test. */
function setupInsn(mnemonic: string, text: string, word: number): Insn {
  return { mnemonic, setup: true, text: () => text, encode: () => word };
}

/** li or lis/ori, whichever is shorter, to put `value` in `rd`. */
function loadValue(rd: number, value: number): Insn[] {
  const v = value | 0;
  if (v === signed16(v & 0xffff)) return [setupInsn("addi", `li ${r(rd)},${v}`, li(rd, v))];
  return [
    setupInsn("addis", `lis ${r(rd)},${hex16(v >>> 16)}`, dForm(PRIMARY.addis, rd, 0, v >>> 16)),
    setupInsn("ori", `ori ${r(rd)},${r(rd)},${hex16(v & 0xffff)}`, dForm(PRIMARY.ori, rd, rd, v & 0xffff)),
  ];
}

/** lis/ori of the branch target's address, with `lowBits` in the two bits bclr/bcctr ignore. */
function loadTarget(rd: number, lowBits: number): Insn[] {
  return [
    { mnemonic: "addis", setup: true, text: (t) => `lis ${r(rd)},${hex16(t >>> 16)}`, encode: (_, t) => dForm(PRIMARY.addis, rd, 0, t >>> 16) },
    {
      mnemonic: "ori", setup: true, text: (t) => `ori ${r(rd)},${r(rd)},${hex16((t & 0xffff) | lowBits)}`,
      encode: (_, t) => dForm(PRIMARY.ori, rd, rd, (t & 0xffff) | lowBits),
    },
  ];
}

const hex16 = (v: number): string => `0x${(v & 0xffff).toString(16)}`;
const suffix = (oe: number, rc: number): string => (oe !== 0 ? "o" : "") + (rc !== 0 ? "." : "");

/**
 * Chooses registers and operands for one case. `dest` never returns the base register or a
 * register the current block has protected, so nothing the generator emits can overwrite them.
 */
export class SequenceBuilder {
  private readonly protectedRegs = new Set<number>();

  constructor(
    readonly rng: Rng,
    /** The register that points into the scratch buffer. */
    readonly base: number,
    /** Its value's offset from the start of the buffer. */
    readonly baseOffset: number,
    readonly blockCount: number,
  ) {}

  /** Index of the block being generated (set by generateCase). */
  blockIndex = 0;

  /** A register the block may write, other than those in `exclude`. */
  dest(exclude: readonly number[] = []): number {
    for (;;) {
      const reg = this.rng.below(32);
      if (reg !== this.base && !this.protectedRegs.has(reg) && !exclude.includes(reg)) return reg;
    }
  }

  /** A register the block may write and use as an address base (so not r0, where rA=0 means 0). */
  pointerDest(exclude: readonly number[] = []): number {
    return this.dest([0, ...exclude]);
  }

  src(): number {
    return this.rng.below(32);
  }

  /** Runs `generate` with `regs` protected from being written. */
  withProtected<T>(regs: readonly number[], generate: () => T): T {
    const added = regs.filter((reg) => !this.protectedRegs.has(reg));
    for (const reg of added) this.protectedRegs.add(reg);
    try {
      return generate();
    } finally {
      for (const reg of added) this.protectedRegs.delete(reg);
    }
  }

  /** A forward branch target: a later block, or the end of the sequence. */
  forwardTarget(): number {
    const first = this.blockIndex + 1;
    const last = Math.min(this.blockCount, first + 6);
    return this.rng.between(first, last);
  }

  /**
   * An offset into the buffer where `size` bytes fit, aligned to `align` (the buffer itself is
   * 32-byte aligned, so this is the effective address's alignment too).
   */
  bufferOffset(size: number, align: number): number {
    const slots = Math.floor((BUFFER_BYTES - size) / align) + 1;
    return this.rng.below(slots) * align;
  }

  /** The natural alignment most of the time, any byte otherwise (misaligned accesses are legal). */
  accessAlignment(size: number): number {
    return this.rng.chance(0.75) ? size : 1;
  }

  /** Value of the base register minus the buffer start, as an immediate reaching `offset`. */
  displacementTo(offset: number): number {
    return offset - this.baseOffset;
  }
}

/** Operands for a D-form access: setup, rA and d, with EA = the buffer offset asked for. */
interface DAddress {
  readonly setup: Insn[];
  readonly ra: number;
  readonly d: number;
}

/** Operands for an X-form access: setup, rA (0 allowed unless `update`) and rB. */
interface XAddress {
  readonly setup: Insn[];
  readonly ra: number;
  readonly rb: number;
}

function addiFromBase(b: SequenceBuilder, rt: number, offset: number): Insn {
  const imm = b.displacementTo(offset);
  return setupInsn("addi", `addi ${r(rt)},${r(b.base)},${imm}`, dForm(PRIMARY.addi, rt, b.base, imm));
}

/**
 * EA = offset into the buffer, as d(rA). For update forms rA must be written, so it is a copy
 * of the base register, never the base itself. `exclude` lists registers the setup must not use.
 */
function dAddress(b: SequenceBuilder, offset: number, update: boolean, exclude: readonly number[] = []): DAddress {
  if (!update && b.rng.chance(0.5)) return { setup: [], ra: b.base, d: b.displacementTo(offset) };
  const rt = b.pointerDest(exclude);
  const d = b.rng.between(-128, 128);
  return { setup: [addiFromBase(b, rt, offset - d)], ra: rt, d };
}

/** EA = offset into the buffer, as (rA|0) + rB, in one of the four ways a program might. */
function xAddress(b: SequenceBuilder, offset: number, update: boolean, exclude: readonly number[] = []): XAddress {
  const variant = update ? b.rng.pick([1, 3]) : b.rng.below(4);
  switch (variant) {
    case 0: {
      // rA = base, rB = index
      const rx = b.dest(exclude);
      const imm = b.displacementTo(offset);
      return { setup: [setupInsn("addi", `li ${r(rx)},${imm}`, li(rx, imm))], ra: b.base, rb: rx };
    }
    case 1: {
      // rA = index, rB = base
      const rx = b.pointerDest(exclude);
      const imm = b.displacementTo(offset);
      return { setup: [setupInsn("addi", `li ${r(rx)},${imm}`, li(rx, imm))], ra: rx, rb: b.base };
    }
    case 2: {
      // rA = 0: EA = rB, a pointer made from the base
      const rt = b.dest(exclude);
      return { setup: [addiFromBase(b, rt, offset)], ra: 0, rb: rt };
    }
    default: {
      // rA = pointer, rB = index
      const rt = b.pointerDest(exclude);
      const split = b.rng.between(-100, 100);
      const rx = b.dest([...exclude, rt]);
      return {
        setup: [addiFromBase(b, rt, offset - split), setupInsn("addi", `li ${r(rx)},${split}`, li(rx, split))],
        ra: rt, rb: rx,
      };
    }
  }
}

// --- instruction classes --------------------------------------------------------------------

export interface InstructionClass {
  readonly name: string;
  readonly weight: number;
  /** A block, or undefined when the case's base register leaves no valid form. */
  generate(b: SequenceBuilder): Block | undefined;
}

const single = (insn: Insn): Block => ({ insns: [insn] });

const XO_TWO_OPERANDS = ["add", "addc", "adde", "subf", "subfc", "subfe", "mullw"] as const;
const XO_ONE_OPERAND = ["addme", "addze", "subfme", "subfze", "neg"] as const;

/** Often loads an edge value into a fresh register to use as an operand. */
function operand(b: SequenceBuilder, setup: Insn[]): number {
  if (!b.rng.chance(0.3)) return b.src();
  const reg = b.dest();
  setup.push(...loadValue(reg, b.rng.pick(b.rng.chance(0.5) ? SIGN_EDGES : EDGE_WORDS)));
  return reg;
}

const arithmetic: InstructionClass = {
  name: "XO-form arithmetic", weight: 14,
  generate: (b) => {
    const setup: Insn[] = [];
    const rng = b.rng;
    const kind = rng.below(10);
    if (kind < 6) {
      const name = rng.pick(XO_TWO_OPERANDS);
      const [oe, rc] = [rng.below(2), rng.below(2)];
      const ra = operand(b, setup);
      const rb = operand(b, setup);
      const rd = b.dest();
      const text = `${name}${suffix(oe, rc)} ${r(rd)},${r(ra)},${r(rb)}`;
      return { insns: [...setup, plain(name, text, xoForm(XO_ARITHMETIC[name], rd, ra, rb, oe, rc))] };
    }
    if (kind < 9) {
      const name = rng.pick(XO_ONE_OPERAND);
      const [oe, rc] = [rng.below(2), rng.below(2)];
      const ra = operand(b, setup);
      const rd = b.dest();
      const text = `${name}${suffix(oe, rc)} ${r(rd)},${r(ra)}`;
      return { insns: [...setup, plain(name, text, xoForm(XO_ARITHMETIC[name], rd, ra, 0, oe, rc))] };
    }
    // mulhw/mulhwu have no OE: bit 21 is reserved.
    const name = rng.pick(["mulhw", "mulhwu"] as const);
    const rc = rng.below(2);
    const ra = operand(b, setup);
    const rb = operand(b, setup);
    const rd = b.dest();
    const text = `${name}${suffix(0, rc)} ${r(rd)},${r(ra)},${r(rb)}`;
    return { insns: [...setup, plain(name, text, xoForm(XO_ARITHMETIC[name], rd, ra, rb, 0, rc))] };
  },
};

const divide: InstructionClass = {
  name: "divide", weight: 4,
  generate: (b) => {
    const rng = b.rng;
    const name = rng.pick(["divw", "divwu"] as const);
    const signed = name === "divw";
    const rb = b.dest();
    const setup: Insn[] = [];
    if (rng.chance(0.85)) {
      // Excluded: a zero divisor, and 0x80000000 / -1 for divw (PEM ch. 8, divw/divwu: rD undefined, and
      // CR0's LT/GT/EQ with Rc=1). The divisor is made known; the dividend is any register, or
      // for divisor -1 a known value other than 0x80000000.
      let divisor = randomWord(rng);
      while (divisor === 0) divisor = randomWord(rng);
      setup.push(...loadValue(rb, divisor));
      let ra: number;
      if (signed && divisor === 0xffff_ffff) {
        ra = b.dest([rb]);
        let dividend = randomWord(rng);
        while (dividend === 0x8000_0000) dividend = randomWord(rng);
        setup.push(...loadValue(ra, dividend));
      } else {
        ra = b.src();
      }
      const [oe, rc] = [rng.below(2), rng.below(2)];
      const rd = b.dest();
      const text = `${name}${suffix(oe, rc)} ${r(rd)},${r(ra)},${r(rb)}`;
      return { insns: [...setup, plain(name, text, xoForm(XO_ARITHMETIC[name], rd, ra, rb, oe, rc))] };
    }
    // The undefined cases with OE=1, Rc=0: XER[OV] and [SO] are defined (set), rD is not, so
    // it is overwritten straight after.
    const overflowCase = signed && rng.chance(0.5);
    setup.push(...loadValue(rb, overflowCase ? -1 : 0));
    let ra = b.src();
    if (overflowCase) {
      ra = b.dest([rb]);
      setup.push(...loadValue(ra, 0x8000_0000));
    }
    const rd = b.dest();
    const scrub = randomWord(rng) & 0x7fff;
    return {
      insns: [
        ...setup,
        plain(name, `${name}o ${r(rd)},${r(ra)},${r(rb)}`, xoForm(XO_ARITHMETIC[name], rd, ra, rb, 1, 0)),
        setupInsn("addi", `li ${r(rd)},${scrub}  # rD undefined`, li(rd, scrub)),
      ],
    };
  },
};

const immediateArithmetic: InstructionClass = {
  name: "D-form arithmetic", weight: 6,
  generate: (b) => {
    const name = b.rng.pick(["addi", "addis", "addic", "addic.", "subfic", "mulli"] as const);
    const rd = b.dest();
    const ra = b.src();
    const imm = randomHalf(b.rng);
    return single(plain(name, `${name} ${r(rd)},${r(ra)},${signed16(imm)}`, dForm(PRIMARY[name], rd, ra, imm)));
  },
};

const compare: InstructionClass = {
  // Excluded: L=1 (a 64-bit compare, an invalid form on 32-bit implementations; PEM ch. 8, cmp).
  name: "compare", weight: 6,
  generate: (b) => {
    const rng = b.rng;
    const crfD = rng.below(8);
    const ra = b.src();
    const name = rng.pick(["cmp", "cmpl", "cmpi", "cmpli"] as const);
    if (name === "cmp" || name === "cmpl") {
      const rb = b.src();
      return single(plain(name, `${name} cr${crfD},0,${r(ra)},${r(rb)}`, xForm(XO_31[name], crfD << 2, ra, rb)));
    }
    const imm = randomHalf(rng);
    const shown = name === "cmpi" ? signed16(imm) : imm;
    return single(plain(name, `${name} cr${crfD},0,${r(ra)},${shown}`, dForm(PRIMARY[name], crfD << 2, ra, imm)));
  },
};

const logical: InstructionClass = {
  name: "logical", weight: 10,
  generate: (b) => {
    const rng = b.rng;
    const kind = rng.below(10);
    if (kind < 5) {
      const name = rng.pick(["and", "andc", "or", "orc", "xor", "nand", "nor", "eqv"] as const);
      const rc = rng.below(2);
      const [rs, rb, ra] = [b.src(), b.src(), b.dest()];
      return single(plain(name, `${name}${suffix(0, rc)} ${r(ra)},${r(rs)},${r(rb)}`, xForm(XO_31[name], rs, ra, rb, rc)));
    }
    if (kind < 7) {
      const name = rng.pick(["extsb", "extsh", "cntlzw"] as const);
      const rc = rng.below(2);
      const [rs, ra] = [b.src(), b.dest()];
      return single(plain(name, `${name}${suffix(0, rc)} ${r(ra)},${r(rs)}`, xForm(XO_31[name], rs, ra, 0, rc)));
    }
    const name = rng.pick(["andi.", "andis.", "ori", "oris", "xori", "xoris"] as const);
    const [rs, ra] = [b.src(), b.dest()];
    const imm = randomHalf(rng);
    return single(plain(name, `${name} ${r(ra)},${r(rs)},${hex16(imm)}`, dForm(PRIMARY[name], rs, ra, imm)));
  },
};

const rotate: InstructionClass = {
  name: "rotate", weight: 7,
  generate: (b) => {
    const rng = b.rng;
    const name = rng.pick(["rlwinm", "rlwnm", "rlwimi"] as const);
    const [mb, me, rc] = [randomFive(rng), randomFive(rng), rng.below(2)];
    const rs = b.src();
    const setup: Insn[] = [];
    let shiftOperand: number;
    let shiftText: string;
    if (name === "rlwnm") {
      if (rng.chance(0.5)) {
        shiftOperand = b.src();
      } else {
        shiftOperand = b.dest();
        setup.push(...loadValue(shiftOperand, rng.chance(0.5) ? randomShift(rng) : randomWord(rng)));
      }
      shiftText = r(shiftOperand);
    } else {
      shiftOperand = randomFive(rng);
      shiftText = String(shiftOperand);
    }
    const ra = b.dest();
    const text = `${name}${suffix(0, rc)} ${r(ra)},${r(rs)},${shiftText},${mb},${me}`;
    return { insns: [...setup, plain(name, text, mForm(PRIMARY[name], rs, ra, shiftOperand, mb, me, rc))] };
  },
};

const shift: InstructionClass = {
  name: "shift", weight: 7,
  generate: (b) => {
    const rng = b.rng;
    const name = rng.pick(["slw", "srw", "sraw", "srawi"] as const);
    const rc = rng.below(2);
    const rs = b.src();
    if (name === "srawi") {
      const sh = randomFive(rng);
      const ra = b.dest();
      return single(plain(name, `srawi${suffix(0, rc)} ${r(ra)},${r(rs)},${sh}`, xForm(XO_31.srawi, rs, ra, sh, rc)));
    }
    const setup: Insn[] = [];
    let rb = b.src();
    if (rng.chance(0.6)) {
      rb = b.dest();
      // Bits above the low six are ignored; set some to check that.
      const amount = rng.chance(0.7) ? randomShift(rng) : (randomShift(rng) | (rng.u32() & ~0x3f)) >>> 0;
      setup.push(...loadValue(rb, amount));
    }
    const ra = b.dest();
    return { insns: [...setup, plain(name, `${name}${suffix(0, rc)} ${r(ra)},${r(rs)},${r(rb)}`, xForm(XO_31[name], rs, ra, rb, rc))] };
  },
};

const conditionRegister: InstructionClass = {
  name: "condition register", weight: 8,
  generate: (b) => {
    const rng = b.rng;
    const kind = rng.below(10);
    if (kind < 5) {
      const name = rng.pick(["crand", "crandc", "creqv", "crnand", "crnor", "cror", "crorc", "crxor"] as const);
      const [bt, ba, bb] = [rng.below(32), rng.below(32), rng.below(32)];
      return single(plain(name, `${name} ${bt},${ba},${bb}`, xlForm(XO_19[name], bt, ba, bb)));
    }
    if (kind < 6) {
      const [crfD, crfS] = [rng.below(8), rng.below(8)];
      return single(plain("mcrf", `mcrf cr${crfD},cr${crfS}`, xlForm(XO_19.mcrf, crfD << 2, crfS << 2, 0)));
    }
    if (kind < 7) {
      const crfD = rng.below(8);
      return single(plain("mcrxr", `mcrxr cr${crfD}`, xForm(XO_31.mcrxr, crfD << 2, 0, 0)));
    }
    if (kind < 9) {
      const crm = rng.chance(0.3) ? rng.pick([0, 0xff, 0x80, 0x01, 0x0f, 0xf0]) : rng.below(256);
      const rs = b.src();
      return single(plain("mtcrf", `mtcrf ${hex16(crm)},${r(rs)}`, mtcrfForm(crm, rs)));
    }
    const rd = b.dest();
    return single(plain("mfcr", `mfcr ${r(rd)}`, xForm(XO_31.mfcr, rd, 0, 0)));
  },
};

const mtspr = (spr: number, rs: number, name: string): Insn => plain("mtspr", `${name} ${r(rs)}`, sprForm(XO_31.mtspr, rs, spr));
const mfspr = (rd: number, spr: number, name: string): Insn => plain("mfspr", `${name} ${r(rd)}`, sprForm(XO_31.mfspr, rd, spr));

/** Sets XER to a random value made of its defined bits, with the byte count given or random. */
function setXer(b: SequenceBuilder, byteCount?: number): Insn[] {
  const scratch = b.dest();
  let value = b.rng.u32() & XER_DEFINED_BITS;
  if (byteCount !== undefined) value = ((value & ~0x7f) | byteCount) >>> 0;
  return [...loadValue(scratch, value), mtspr(SPR_XER, scratch, "mtxer")];
}

const specialRegisters: InstructionClass = {
  // Excluded: mtxer with bits other than SO/OV/CA/byte count set (see XER_DEFINED_BITS).
  name: "XER/LR/CTR moves", weight: 6,
  generate: (b) => {
    const rng = b.rng;
    switch (rng.below(8)) {
      case 0: {
        // Mask a random register down to XER's defined bits: rlwinm with the wrapping mask 25..2.
        const rs = b.src();
        const rt = b.dest();
        const sh = randomFive(rng);
        return {
          insns: [
            plain("rlwinm", `rlwinm ${r(rt)},${r(rs)},${sh},25,2`, mForm(PRIMARY.rlwinm, rs, rt, sh, 25, 2, 0)),
            mtspr(SPR_XER, rt, "mtxer"),
          ],
        };
      }
      case 1:
        return { insns: setXer(b) };
      case 2:
        return single(mfspr(b.dest(), SPR_XER, "mfxer"));
      case 3:
        return single(mtspr(SPR_LR, b.src(), "mtlr"));
      case 4:
        return single(mfspr(b.dest(), SPR_LR, "mflr"));
      case 5:
        return single(mtspr(SPR_CTR, b.src(), "mtctr"));
      case 6: {
        // A small count, so later decrementing branches reach zero.
        const rt = b.dest();
        return { insns: [...loadValue(rt, rng.below(4)), mtspr(SPR_CTR, rt, "mtctr")] };
      }
      default:
        return single(mfspr(b.dest(), SPR_CTR, "mfctr"));
    }
  },
};

/** TO bits (lt, gt, eq, ltu, gtu) that hold for a and b. */
function trapConditions(a: number, c: number): number {
  const [sa, sc, ua, uc] = [a | 0, c | 0, a >>> 0, c >>> 0];
  return (sa < sc ? 16 : 0) | (sa > sc ? 8 : 0) | (sa === sc ? 4 : 0) | (ua < uc ? 2 : 0) | (ua > uc ? 1 : 0);
}

const trap: InstructionClass = {
  // Only traps whose condition is false are generated: a taken trap is a signal under Linux.
  name: "trap (not taken)", weight: 2,
  generate: (b) => {
    const rng = b.rng;
    const ra = b.dest();
    const a = randomWord(rng);
    const setup = loadValue(ra, a);
    if (rng.chance(0.5)) {
      const imm = randomHalf(rng);
      const to = rng.below(32) & ~trapConditions(a, signed16(imm));
      return { insns: [...setup, plain("twi", `twi ${to},${r(ra)},${signed16(imm)}`, dForm(PRIMARY.twi, to, ra, imm))] };
    }
    const rb = b.dest([ra]);
    const c = rng.chance(0.3) ? a : randomWord(rng);
    const to = rng.below(32) & ~trapConditions(a, c);
    return { insns: [...setup, ...loadValue(rb, c), plain("tw", `tw ${to},${r(ra)},${r(rb)}`, xForm(XO_31.tw, to, ra, rb))] };
  },
};

// --- branches ---

const branchText = (name: string, operands: string, t: number): string => `${name} ${operands}${operands === "" ? "" : ","}${hex32(t)}`;

const branch: InstructionClass = {
  // Excluded: AA=1 (absolute targets would be in the first or last 32 KB of the address space,
  // where the harness has no code).
  name: "b/bc", weight: 8,
  generate: (b) => {
    const rng = b.rng;
    const target = b.forwardTarget();
    const lk = rng.below(2);
    if (rng.chance(0.3)) {
      const name = lk !== 0 ? "bl" : "b";
      return { insns: [{ mnemonic: "b", text: (t) => branchText(name, "", t), encode: (at, t) => iForm(t - at, 0, lk) }], target };
    }
    const [bo, bi] = [rng.below(32), rng.below(32)];
    const name = lk !== 0 ? "bcl" : "bc";
    const insn: Insn = { mnemonic: "bc", text: (t) => branchText(name, `${bo},${bi}`, t), encode: (at, t) => bForm(bo, bi, t - at, 0, lk) };
    return { insns: [insn], target };
  },
};

const branchToRegister: InstructionClass = {
  // Excluded: bcctr with BO[2]=0 ("decrement CTR", an invalid form; PEM ch. 8, bcctrx).
  name: "bclr/bcctr", weight: 6,
  generate: (b) => {
    const rng = b.rng;
    const target = b.forwardTarget();
    const viaCtr = rng.chance(0.5);
    const rt = b.dest();
    const lk = rng.below(2);
    const setup = [...loadTarget(rt, rng.below(4)), viaCtr ? mtspr(SPR_CTR, rt, "mtctr") : mtspr(SPR_LR, rt, "mtlr")];
    // Some register-only work between setting the register and branching through it.
    const between: Insn[] = [];
    const fillers = rng.below(3);
    for (let i = 0; i < fillers; i++) between.push(...fillerBlock(b).insns);
    const bi = rng.below(32);
    const bo = viaCtr ? rng.below(32) | 0x04 : rng.below(32);
    const name = (viaCtr ? "bcctr" : "bclr") + (lk !== 0 ? "l" : "");
    const xo = viaCtr ? XO_19.bcctr : XO_19.bclr;
    const insn = plain(viaCtr ? "bcctr" : "bclr", `${name} ${bo},${bi}`, xlForm(xo, bo, bi, 0, lk));
    return { insns: [...setup, ...between, insn], target };
  },
};

// --- loads and stores ---

interface AccessKind {
  readonly name: string;
  readonly size: 1 | 2 | 4;
  readonly store: boolean;
  /** Primary opcode of the D form, or undefined for X-only (byte-reversed) instructions. */
  readonly primary?: number;
  /** Extended opcode of the X form; the X update form is xo + 32. */
  readonly xo: number;
}

const ACCESSES: readonly AccessKind[] = [
  { name: "lbz", size: 1, store: false, primary: PRIMARY.lbz, xo: XO_31.lbzx },
  { name: "lhz", size: 2, store: false, primary: PRIMARY.lhz, xo: XO_31.lhzx },
  { name: "lha", size: 2, store: false, primary: PRIMARY.lha, xo: XO_31.lhax },
  { name: "lwz", size: 4, store: false, primary: PRIMARY.lwz, xo: XO_31.lwzx },
  { name: "stb", size: 1, store: true, primary: PRIMARY.stb, xo: XO_31.stbx },
  { name: "sth", size: 2, store: true, primary: PRIMARY.sth, xo: XO_31.sthx },
  { name: "stw", size: 4, store: true, primary: PRIMARY.stw, xo: XO_31.stwx },
];

const BYTE_REVERSED: readonly AccessKind[] = [
  { name: "lhbrx", size: 2, store: false, xo: XO_31.lhbrx },
  { name: "lwbrx", size: 4, store: false, xo: XO_31.lwbrx },
  { name: "sthbrx", size: 2, store: true, xo: XO_31.sthbrx },
  { name: "stwbrx", size: 4, store: true, xo: XO_31.stwbrx },
];

/**
 * The register a load writes (never the base). Excluded: update forms with rA=0 or rA=rD
 * (PEM ch. 8, e.g. lbzu: invalid forms); rA=0 cannot occur as rA is always a pointer register there.
 */
function loadDestination(b: SequenceBuilder, update: boolean, ra: number): number {
  return update ? b.dest([ra]) : b.dest();
}

const loadStore: InstructionClass = {
  name: "load/store", weight: 16,
  generate: (b) => {
    const rng = b.rng;
    const kind = rng.pick(ACCESSES);
    const update = rng.chance(0.4);
    const indexed = rng.chance(0.5);
    const offset = b.bufferOffset(kind.size, b.accessAlignment(kind.size));
    const name = kind.name + (update ? "u" : "") + (indexed ? "x" : "");
    if (indexed) {
      const address = xAddress(b, offset, update);
      const rt = kind.store ? b.src() : loadDestination(b, update, address.ra);
      const word = xForm(kind.xo + (update ? 32 : 0), rt, address.ra, address.rb);
      return { insns: [...address.setup, plain(name, `${name} ${r(rt)},${r(address.ra)},${r(address.rb)}`, word)] };
    }
    const address = dAddress(b, offset, update);
    const rt = kind.store ? b.src() : loadDestination(b, update, address.ra);
    const word = dForm((kind.primary ?? 0) + (update ? 1 : 0), rt, address.ra, address.d);
    return { insns: [...address.setup, plain(name, `${name} ${r(rt)},${address.d}(${r(address.ra)})`, word)] };
  },
};

const byteReversed: InstructionClass = {
  name: "byte-reversed load/store", weight: 4,
  generate: (b) => {
    const kind = b.rng.pick(BYTE_REVERSED);
    const offset = b.bufferOffset(kind.size, b.accessAlignment(kind.size));
    const address = xAddress(b, offset, false);
    const rt = kind.store ? b.src() : b.dest();
    const word = xForm(kind.xo, rt, address.ra, address.rb);
    return { insns: [...address.setup, plain(kind.name, `${kind.name} ${r(rt)},${r(address.ra)},${r(address.rb)}`, word)] };
  },
};

const multiple: InstructionClass = {
  // Excluded: lmw whose range rD..r31 includes rA (PEM ch. 8, lmw: invalid form), or the base
  // register (it would be overwritten); and word-misaligned lmw/stmw, which the 750 takes as an
  // alignment exception (MPC750 UM §4.5.6) that Linux then emulates, and the test's Linux shim
  // does not.
  name: "lmw/stmw", weight: 3,
  generate: (b) => {
    const rng = b.rng;
    if (rng.chance(0.5)) {
      const rs = rng.below(32);
      const address = dAddress(b, b.bufferOffset((32 - rs) * 4, 4), false);
      const text = `stmw ${r(rs)},${address.d}(${r(address.ra)})`;
      return { insns: [...address.setup, plain("stmw", text, dForm(PRIMARY.stmw, rs, address.ra, address.d))] };
    }
    if (b.base === 31) return undefined;
    const rd = rng.between(b.base + 1, 31);
    const offset = b.bufferOffset((32 - rd) * 4, 4);
    // rA must lie outside rD..r31: the base itself, or a copy of it in a register below rD.
    const copies = Array.from({ length: rd - 1 }, (_, i) => i + 1).filter((reg) => reg !== b.base);
    if (copies.length === 0 || rng.chance(0.5)) {
      const d = b.displacementTo(offset);
      return single(plain("lmw", `lmw ${r(rd)},${d}(${r(b.base)})`, dForm(PRIMARY.lmw, rd, b.base, d)));
    }
    const rt = rng.pick(copies);
    const d = rng.between(-64, 64);
    return {
      insns: [addiFromBase(b, rt, offset - d), plain("lmw", `lmw ${r(rd)},${d}(${r(rt)})`, dForm(PRIMARY.lmw, rd, rt, d))],
    };
  },
};

/** The registers a string instruction moves, rD upward wrapping from r31 to r0. */
function stringRegisters(first: number, bytes: number): number[] {
  return Array.from({ length: Math.ceil(bytes / 4) }, (_, i) => (first + i) & 31);
}

const string: InstructionClass = {
  // Excluded: lswi/lswx whose registers include rA or rB (PEM ch. 8, lswi/lswx: invalid forms; for rA=0
  // r0 counts too), or the base register; and lswx with a byte count of 0 (rD undefined).
  name: "load/store string", weight: 5,
  generate: (b) => {
    const rng = b.rng;
    const store = rng.chance(0.5);
    const immediate = rng.chance(0.5);
    // lswi/stswi: NB=0 means 32 bytes. lswx/stswx: the XER byte count, 0-127 (0 only for stores).
    const bytes = immediate ? rng.between(1, 32) : store ? rng.between(0, 127) : rng.between(1, 100);
    const offset =
      immediate && b.baseOffset + bytes <= BUFFER_BYTES && rng.chance(0.4) ? b.baseOffset : b.bufferOffset(bytes, 1);
    const setup: Insn[] = immediate ? [] : setXer(b, bytes);
    let ra: number;
    let rb = -1;
    if (immediate) {
      if (offset === b.baseOffset) {
        ra = b.base;
      } else {
        ra = b.pointerDest();
        setup.push(addiFromBase(b, ra, offset));
      }
    } else {
      const address = xAddress(b, offset, false);
      setup.push(...address.setup);
      ra = address.ra;
      rb = address.rb;
    }
    const name = (store ? "st" : "l") + (immediate ? "swi" : "swx");
    const nb = bytes & 31;
    const operands = (rt: number): string => `${r(rt)},${r(ra)},${immediate ? nb : r(rb)}`;
    const word = (rt: number): number =>
      xForm(store ? (immediate ? XO_31.stswi : XO_31.stswx) : immediate ? XO_31.lswi : XO_31.lswx, rt, ra, immediate ? nb : rb);
    if (store) {
      const rs = rng.below(32);
      return { insns: [...setup, plain(name, `${name} ${operands(rs)}`, word(rs))] };
    }
    const forbidden = [ra, b.base, ...(immediate ? [] : [rb])];
    for (let attempt = 0; attempt < 20; attempt++) {
      const rd = rng.below(32);
      if (stringRegisters(rd, bytes).some((reg) => forbidden.includes(reg))) continue;
      return { insns: [...setup, plain(name, `${name} ${operands(rd)}`, word(rd))] };
    }
    return undefined;
  },
};

/**
 * A block of register-only work, as filler between a setup and its use. It never writes LR,
 * CTR or the XER byte count (the setups it separates may have just set them).
 */
function fillerBlock(b: SequenceBuilder): Block {
  for (;;) {
    const block = b.rng.weighted(FILLER_CLASSES.map((c) => [c, c.weight] as const)).generate(b);
    if (block !== undefined) return block;
  }
}

const reservation: InstructionClass = {
  // lwarx then stwcx. to the same word, with only register work between, or a stwcx. with no
  // reservation. Excluded: stwcx. to another address than the lwarx's, or after a store to the
  // reserved word (PEM ch. 8, stwcx.: whether it stores is undefined; QEMU compares the
  // word's value, ppcmac tracks the granule); word-misaligned lwarx/stwcx. (alignment exception).
  name: "lwarx/stwcx.", weight: 3,
  generate: (b) => {
    const rng = b.rng;
    const offset = b.bufferOffset(4, 4);
    const address = xAddress(b, offset, false);
    const rs = b.src();
    const operands = `${r(address.ra)},${r(address.rb)}`;
    const stwcx = plain("stwcx.", `stwcx. ${r(rs)},${operands}`, xForm(XO_31["stwcx."], rs, address.ra, address.rb, 1));
    // Without a reservation (none is held between blocks) it must fail and store nothing.
    if (rng.chance(0.15)) return { insns: [...address.setup, stwcx] };
    const kept = [address.ra, address.rb];
    const rd = b.dest(kept);
    const lwarx = plain("lwarx", `lwarx ${r(rd)},${operands}`, xForm(XO_31.lwarx, rd, address.ra, address.rb));
    const between = b.withProtected(kept, () => {
      const insns: Insn[] = [];
      const count = rng.below(3);
      for (let i = 0; i < count; i++) insns.push(...fillerBlock(b).insns);
      return insns;
    });
    // Sometimes a second stwcx. follows: the first one cleared the reservation, so it fails.
    const again = rng.chance(0.2) ? [stwcx] : [];
    return { insns: [...address.setup, lwarx, ...between, stwcx, ...again] };
  },
};

const cacheAndSync: InstructionClass = {
  name: "cache control and synchronization", weight: 3,
  generate: (b) => {
    const rng = b.rng;
    const name = rng.pick(["dcbz", "dcbz", "dcbt", "dcbtst", "dcbst", "dcbf", "icbi", "sync", "isync", "eieio"] as const);
    if (name === "isync") return single(plain(name, name, xlForm(XO_19.isync, 0, 0, 0)));
    if (name === "sync" || name === "eieio") return single(plain(name, name, xForm(XO_31[name], 0, 0, 0)));
    const address = xAddress(b, b.bufferOffset(1, 1), false);
    const text = `${name} ${r(address.ra)},${r(address.rb)}`;
    return { insns: [...address.setup, plain(name, text, xForm(XO_31[name], 0, address.ra, address.rb))] };
  },
};

const FILLER_CLASSES: readonly InstructionClass[] = [
  arithmetic, divide, immediateArithmetic, compare, logical, rotate, shift, conditionRegister, trap,
];
const REGISTER_ONLY_CLASSES: readonly InstructionClass[] = [...FILLER_CLASSES, specialRegisters];

/** Every class the generator draws from, with its weight. Floating-point classes go here. */
export const INSTRUCTION_CLASSES: readonly InstructionClass[] = [
  ...REGISTER_ONLY_CLASSES, branch, branchToRegister, loadStore, byteReversed, multiple, string, reservation, cacheAndSync,
];

// --- cases ---------------------------------------------------------------------------------

export interface GenerateOptions {
  readonly layout: RecordLayout;
  /** Most blocks a sequence has (at least 1). */
  readonly maxBlocks?: number;
}

/** One placed case: its code, its record's initial bytes and a listing of its sequence. */
export interface PlacedCase {
  readonly code: Uint32Array;
  readonly record: Uint8Array;
  readonly sequenceAddress: number;
  /** The sequence's words (a slice of `code`). */
  readonly sequence: Uint32Array;
  /** Address, word and assembler text of each sequence instruction. */
  readonly listing: readonly string[];
}

export class GeneratedCase {
  /** Words of prologue + sequence + epilogue, whatever the placement. */
  readonly codeWords: number;
  readonly sequenceWords: number;
  /** Sequence instructions other than setup (see Insn.setup). */
  readonly testedWords: number;

  constructor(
    readonly seed: number,
    readonly index: number,
    readonly layout: RecordLayout,
    readonly base: number,
    readonly baseOffset: number,
    /** Initial state words in layout order; the base register's is filled in by place(). */
    readonly initialState: readonly number[],
    readonly buffer: Uint8Array,
    readonly blocks: readonly Block[],
  ) {
    this.sequenceWords = blocks.reduce((n, block) => n + block.insns.length, 0);
    this.testedWords = blocks.reduce((n, block) => n + block.insns.filter((insn) => insn.setup !== true).length, 0);
    this.codeWords = this.prologue(0).length + this.sequenceWords + this.epilogue().length;
  }

  /** Base mnemonics of the sequence's instructions (for the coverage check). */
  get mnemonics(): string[] {
    return this.blocks.flatMap((block) => block.insns.map((insn) => insn.mnemonic));
  }

  /** Loads the initial state from the record at `recordAddress`; r3 is the pointer, r4 scratch. */
  private prologue(recordAddress: number): number[] {
    const [pointer, scratch] = [3, 4];
    const words = [dForm(PRIMARY.addis, pointer, 0, recordAddress >>> 16), dForm(PRIMARY.ori, pointer, pointer, recordAddress & 0xffff)];
    const initial = this.layout.initialOffset;
    for (const section of this.layout.sections) {
      if (section !== GPR_SECTION) words.push(...section.load(pointer, initial + this.layout.sectionOffset(section), scratch));
    }
    const gprs = initial + this.layout.sectionOffset(GPR_SECTION);
    for (let reg = 0; reg < 32; reg++) if (reg !== pointer) words.push(dForm(PRIMARY.lwz, reg, pointer, gprs + 4 * reg));
    words.push(dForm(PRIMARY.lwz, pointer, pointer, gprs + 4 * pointer));
    return words;
  }

  /** Stores the final state through the base register, whose value is still the initial one. */
  private epilogue(): number[] {
    const toFinal = this.layout.finalOffset - (this.layout.bufferOffset + this.baseOffset);
    const scratch = this.base === 3 ? 4 : 3;
    const words: number[] = [];
    const gprs = toFinal + this.layout.sectionOffset(GPR_SECTION);
    for (let reg = 0; reg < 32; reg++) words.push(dForm(PRIMARY.stw, reg, this.base, gprs + 4 * reg));
    const extra = this.layout.sections.filter((section) => section !== GPR_SECTION).reverse();
    for (const section of extra) words.push(...section.store(this.base, toFinal + this.layout.sectionOffset(section), scratch));
    return words;
  }

  /** Lays the case out with its code at `codeAddress` and its record at `recordAddress`. */
  place(codeAddress: number, recordAddress: number): PlacedCase {
    const prologue = this.prologue(recordAddress);
    const sequenceAddress = codeAddress + 4 * prologue.length;
    const blockAddresses: number[] = [];
    let at = sequenceAddress;
    for (const block of this.blocks) {
      blockAddresses.push(at);
      at += 4 * block.insns.length;
    }
    blockAddresses.push(at); // just after the sequence: the epilogue
    const sequence: number[] = [];
    const listing: string[] = [];
    at = sequenceAddress;
    for (const block of this.blocks) {
      const target = block.target === undefined ? 0 : blockAddresses[block.target];
      for (const insn of block.insns) {
        const word = insn.encode(at, target) >>> 0;
        sequence.push(word);
        listing.push(`${hex32(at)}  ${word.toString(16).padStart(8, "0")}  ${insn.text(target)}`);
        at += 4;
      }
    }
    const code = Uint32Array.from([...prologue, ...sequence, ...this.epilogue()]);
    if (code.length !== this.codeWords) throw new Error("case code length changed with placement");

    const record = new Uint8Array(this.layout.recordBytes);
    const view = new DataView(record.buffer);
    const state = [...this.initialState];
    state[this.base] = recordAddress + this.layout.bufferOffset + this.baseOffset;
    state.forEach((word, i) => view.setUint32(this.layout.initialOffset + 4 * i, word >>> 0));
    record.set(this.buffer, this.layout.bufferOffset);
    const sequenceWords = code.subarray(prologue.length, prologue.length + sequence.length);
    return { code, record, sequenceAddress, sequence: sequenceWords, listing };
  }
}

/** Generates case `index` of the run with seed `seed`; the same pair always gives the same case. */
export function generateCase(seed: number, index: number, options: GenerateOptions): GeneratedCase {
  const rng = new Rng(seed, index);
  const layout = options.layout;
  const base = rng.between(1, 31);
  const baseOffset = rng.below(BUFFER_BYTES);
  const initialState = layout.sections.flatMap((section) => section.randomInitial(rng));
  const buffer = new Uint8Array(BUFFER_BYTES);
  for (let i = 0; i < BUFFER_BYTES; i += 4) {
    const word = randomWord(rng);
    buffer[i] = word >>> 24;
    buffer[i + 1] = word >>> 16;
    buffer[i + 2] = word >>> 8;
    buffer[i + 3] = word;
  }
  const blockCount = rng.between(1, options.maxBlocks ?? 24);
  const builder = new SequenceBuilder(rng, base, baseOffset, blockCount);
  const weights = INSTRUCTION_CLASSES.map((c) => [c, c.weight] as const);
  const blocks: Block[] = [];
  while (blocks.length < blockCount) {
    builder.blockIndex = blocks.length;
    const block = rng.weighted(weights).generate(builder);
    if (block !== undefined) blocks.push(block);
  }
  return new GeneratedCase(seed, index, layout, base, baseOffset, initialState, buffer, blocks);
}

