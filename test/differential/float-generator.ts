/**
 * Floating-point additions to the differential test (float.test.ts): the FPSCR and FPR state
 * sections, FP operand values rich in special cases, the FP instruction classes, and case
 * generation over them. The harness, record layout, prologue/epilogue and comparison are the
 * integer test's (harness.ts, state.ts, generator.ts), extended through their extension points.
 *
 * Encoders are written here from the UISA opcode tables (Appendix A), independently of
 * cpu/instructions/float.ts, so a wrong opcode in ppcmac shows up as a divergence.
 *
 * Some behaviour is never generated, or is neutralised in the guest right after the instruction
 * (so both sides compute the same thing from it), because QEMU differs from the 750 there or the
 * architecture leaves it undefined; each is listed, with the evidence, in float.test.ts
 * (FLOAT_EXCLUSIONS) and marked "Excluded:" or "Neutralised:" where it is enforced.
 */
import { PRIMARY, XO_19, dForm, li, mForm, xForm, xlForm } from "./encoding.js";
import { type Block, GeneratedCase, type Insn, type InstructionClass, SequenceBuilder } from "./generator.js";
import { Rng } from "./rng.js";
import { BUFFER_BYTES, EXTRA_SECTIONS, RecordLayout, type StateSection } from "./state.js";
import { randomWord } from "./values.js";

// --- encoders (UISA Appendix A) ---------------------------------------------------------------

/** Primary opcodes of the FP loads and stores (D-form). */
const FP_PRIMARY = { lfs: 48, lfsu: 49, lfd: 50, lfdu: 51, stfs: 52, stfsu: 53, stfd: 54, stfdu: 55 } as const;
/** Extended opcodes of the indexed FP loads and stores under primary opcode 31. */
const FP_XO_31 = {
  lfsx: 535, lfsux: 567, lfdx: 599, lfdux: 631, stfsx: 663, stfsux: 695, stfdx: 727, stfdux: 759, stfiwx: 983,
} as const;
/** A-form extended opcodes (bits 26-30) under 59 (single) and 63 (double). */
const A_XO = {
  fdiv: 18, fsub: 20, fadd: 21, fsel: 23, fres: 24, fmul: 25, frsqrte: 26, fmsub: 28, fmadd: 29, fnmsub: 30, fnmadd: 31,
} as const;
/** X-form extended opcodes (bits 21-30) under 63. */
const X_XO_63 = {
  fcmpu: 0, frsp: 12, fctiw: 14, fctiwz: 15, fcmpo: 32, mtfsb1: 38, fneg: 40, mcrfs: 64, mtfsb0: 70, fmr: 72,
  mtfsfi: 134, fnabs: 136, fabs: 264, mffs: 583, mtfsf: 711,
} as const;

const u32 = (value: number): number => value >>> 0;
const aForm = (opcd: 59 | 63, xo: number, d: number, a: number, b: number, c: number, rc: number): number =>
  u32((opcd << 26) | (d << 21) | (a << 16) | (b << 11) | (c << 6) | (xo << 1) | rc);
const x63 = (xo: number, d: number, a: number, b: number, rc = 0): number => xForm(xo, d, a, b, rc, 63);
const lfd = (d: number, offset: number, a: number): number => dForm(FP_PRIMARY.lfd, d, a, offset);
const stfd = (s: number, offset: number, a: number): number => dForm(FP_PRIMARY.stfd, s, a, offset);
const lwz = (d: number, offset: number, a: number): number => dForm(PRIMARY.lwz, d, a, offset);
const stw = (s: number, offset: number, a: number): number => dForm(PRIMARY.stw, s, a, offset);
const mtfsf = (fm: number, b: number, rc = 0): number => u32((63 << 26) | (fm << 17) | (b << 11) | (X_XO_63.mtfsf << 1) | rc);
const mffs = (d: number, rc = 0): number => x63(X_XO_63.mffs, d, 0, 0, rc);
/** rlwinm rA,rS,0,14,12: clears bit 13 (FPSCR[FR]) of a word. */
const clearBit13 = (ra: number, rs: number): number => mForm(PRIMARY.rlwinm, rs, ra, 0, 14, 12, 0);

// --- state sections ----------------------------------------------------------------------------

/** FPSCR bits the test never sets: the enables VE OE UE ZE XE, NI, and reserved bit 20. */
export const FPSCR_NEVER_SET = 0x0000_08fc;

/** The sticky exception bits (OX UX ZX XX and the VX causes). */
const EXCEPTION_BITS = 0x1ff8_0700;
const FX = 0x8000_0000;

/**
 * A random FPSCR: any rounding mode, exception and status bits; no enables, NI=0; FX set
 * whenever an exception bit is (Neutralised: QEMU sets FX on every exception, not only on a 0-to-1
 * transition of an exception bit, so FX=0 beside a set exception bit would diverge).
 */
export function randomFpscr(rng: Rng): number {
  let value = (rng.chance(0.3) ? rng.below(4) : rng.u32()) & ~FPSCR_NEVER_SET;
  if ((value & EXCEPTION_BITS) !== 0) value |= FX;
  return u32(value);
}

/**
 * The FPSCR, one word. Loaded with lfd f0 (its low word is the field; the high word, the field
 * before it, is ignored by mtfsf) and mtfsf before the FPRs are loaded; stored after them with
 * mffs f0 and stfiwx. Neutralised: FR is cleared in the stored word (QEMU never sets FR).
 */
export const FPSCR_SECTION: StateSection = {
  name: "fpscr", fields: ["fpscr"], wordsPerField: 1,
  randomInitial: (rng) => [randomFpscr(rng)],
  load: (pointer, offset) => [lfd(0, offset - 4, pointer), mtfsf(0xff, 0)],
  store: (base, offset, scratch) => [
    mffs(0), li(scratch, offset), xForm(FP_XO_31.stfiwx, 0, base, scratch),
    lwz(scratch, offset, base), clearBit13(scratch, scratch), stw(scratch, offset, base),
  ],
};

/**
 * f31 holds 1.0 for the whole case and is never written: `fmul fD,fD,f31` gives fD back exactly
 * and rewrites FPRF, which neutralises FPRF after single-precision results (see singlePrecisionFprf).
 */
export const ONE = 31;

/** The 32 FPRs, two words each, moved with lfd and stfd; f31 starts (and stays) 1.0. */
export const FPR_SECTION: StateSection = {
  name: "fpr",
  fields: Array.from({ length: 32 }, (_, i) => `f${i}`),
  wordsPerField: 2,
  randomInitial: (rng) => Array.from({ length: 32 }, (_, i) => (i === ONE ? [0x3ff0_0000, 0] : randomDouble(rng))).flat(),
  load: (pointer, offset) => Array.from({ length: 32 }, (_, i) => lfd(i, offset + 8 * i, pointer)),
  store: (base, offset) => Array.from({ length: 32 }, (_, i) => stfd(i, offset + 8 * i, base)),
};

/** The integer test's record extended with the FPSCR (first) and the FPRs. */
export function floatLayout(): RecordLayout {
  return new RecordLayout([...EXTRA_SECTIONS, FPSCR_SECTION, FPR_SECTION]);
}

// --- FP values -------------------------------------------------------------------------------

const SIGN = 0x8000_0000;

/**
 * A double as [high word, low word], weighted towards the values where IEEE semantics have edges:
 * zeros, infinities, QNaNs and SNaNs with payloads, denormals, the extremes of both formats,
 * single-representable values, integers and halves (for fctiw), and stfs's denormalising range.
 */
export function randomDouble(rng: Rng): [number, number] {
  const sign = rng.chance(0.5) ? SIGN : 0;
  const fractionHigh = rng.u32() & 0xf_ffff;
  const low = rng.u32();
  const withExponent = (biased: number, hi = fractionHigh, lo = low): [number, number] => [u32(sign | (biased << 20) | hi), u32(lo)];
  switch (rng.below(22)) {
    case 0: return [sign, 0]; // zero
    case 1: return [u32(sign | 0x7ff0_0000), 0]; // infinity
    case 2: return withExponent(0x7ff, fractionHigh | 0x8_0000); // QNaN, payload
    case 3: return withExponent(0x7ff, (fractionHigh & 0x7_ffff) | (rng.chance(0.5) ? 1 : 0x4_0000)); // SNaN
    case 4: return withExponent(0, fractionHigh >>> rng.below(20)); // denormal (or zero)
    case 5: return withExponent(rng.between(1, 60)); // tiny normal
    case 6: return withExponent(rng.between(1990, 2046)); // huge
    case 7: return [u32(sign | 0x7fef_ffff), 0xffff_ffff]; // DBL_MAX
    case 8: return [u32(sign | 0x47ef_ffff), 0xe000_0000]; // FLT_MAX
    case 9: return withExponent(rng.between(874, 897), fractionHigh, low & 0xe000_0000); // stfs denormalising range, single-exact
    case 10: return withExponent(rng.between(897, 1150), fractionHigh, low & 0xe000_0000); // single-representable
    case 11: return withExponent(rng.between(1150, 1160)); // just beyond single range
    case 12: {
      // integers, halves and near-halves, including around 2^31
      const magnitude = rng.pick([0.5, 1.5, 2.5, 3.5, 0.25, 0.75, 2 ** 31 - 0.5, 2 ** 31 + 0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32,
        rng.below(1000) + rng.pick([0, 0.5, 0.25, 0.999])]);
      return doubleWords(sign !== 0 ? -magnitude : magnitude);
    }
    case 13: return withExponent(rng.between(1000, 1060), fractionHigh, rng.chance(0.5) ? 0 : low); // ordinary, often short
    case 14: return [u32(sign | 0x0010_0000), 0]; // least normal
    case 15: return [sign, 1]; // least denormal
    default: return withExponent(rng.between(1023 - 40, 1023 + 40)); // ordinary
  }
}

const scratch = new DataView(new ArrayBuffer(8));
function doubleWords(value: number): [number, number] {
  scratch.setFloat64(0, value);
  return [scratch.getUint32(0), scratch.getUint32(4)];
}

function isSignallingNaN([hi, lo]: [number, number]): boolean {
  return (hi & 0x7ff8_0000) === 0x7ff0_0000 && ((hi & 0x7_ffff) | lo) !== 0;
}

/** Whether stfs of this value is defined: not a nonzero finite value with exponent below 874. */
function storableAsSingle([hi, lo]: [number, number]): boolean {
  const exponent = (hi >>> 20) & 0x7ff;
  return exponent >= 874 || ((hi & 0x7fff_ffff) | lo) === 0;
}

// --- instruction helpers -------------------------------------------------------------------------

const f = (n: number): string => `f${n}`;
const r = (n: number): string => `r${n}`;
const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;
const dot = (rc: number): string => (rc !== 0 ? "." : "");

function plain(mnemonic: string, text: string, word: number): Insn {
  return { mnemonic, text: () => text, encode: () => word };
}

function setup(mnemonic: string, text: string, word: number): Insn {
  return { mnemonic, setup: true, text: () => text, encode: () => word };
}

/** li or lis/ori, as setup. */
function loadWord(rd: number, value: number): Insn[] {
  const v = value | 0;
  if (v === (v << 16) >> 16) return [setup("addi", `li ${r(rd)},${v}`, li(rd, v))];
  return [
    setup("addis", `lis ${r(rd)},${hex(v >>> 16)}`, dForm(PRIMARY.addis, rd, 0, v >>> 16)),
    setup("ori", `ori ${r(rd)},${r(rd)},${hex(v & 0xffff)}`, dForm(PRIMARY.ori, rd, rd, v & 0xffff)),
  ];
}

/** Puts the double hi:lo in frD through an 8-byte slot of the buffer (setup). */
function loadDouble(b: SequenceBuilder, fd: number, [hi, lo]: [number, number]): Insn[] {
  const slot = b.bufferOffset(8, 4);
  const d = b.displacementTo(slot);
  const rx = b.dest();
  return [
    ...loadWord(rx, hi), setup("stw", `stw ${r(rx)},${d}(${r(b.base)})`, stw(rx, d, b.base)),
    ...loadWord(rx, lo), setup("stw", `stw ${r(rx)},${d + 4}(${r(b.base)})`, stw(rx, d + 4, b.base)),
    setup("lfd", `lfd ${f(fd)},${d}(${r(b.base)})`, lfd(fd, d, b.base)),
  ];
}

/** An FPR the sequence may write: any but f31 (ONE). */
const fpDest = (b: SequenceBuilder): number => b.rng.below(ONE);

/** An FPR operand: usually whatever a random register holds, sometimes a freshly loaded special value. */
function fpOperand(b: SequenceBuilder, insns: Insn[]): number {
  if (b.rng.chance(0.3)) {
    const reg = fpDest(b);
    insns.push(...loadDouble(b, reg, randomDouble(b.rng)));
    return reg;
  }
  return b.rng.below(32);
}

/**
 * Neutralised: FPRF after a single-precision result. The 750 classifies it in single format (a
 * value below 2^-126 is denormal: the Dolphin project's FPRF hardware test, fadds with
 * -FLT_TRUE_MIN gives 0b11000); QEMU classifies it as a double. fmul fD,fD,f31 (times 1.0, exact)
 * rewrites FPRF from the same value on both sides (and clears FI and FR).
 */
const singlePrecisionFprf = (fd: number): Insn =>
  setup("fmul", `fmul ${f(fd)},${f(fd)},${f(ONE)}  # single-precision FPRF`, aForm(63, A_XO.fmul, fd, fd, 0, ONE, 0));

/** EA = a word-aligned buffer offset, D-form; for update forms rA is a copy of the base register. */
function dAddress(b: SequenceBuilder, size: number, update: boolean): { insns: Insn[]; ra: number; d: number } {
  const offset = b.bufferOffset(size, 4);
  if (!update && b.rng.chance(0.5)) return { insns: [], ra: b.base, d: b.displacementTo(offset) };
  const ra = b.pointerDest();
  const d = b.rng.between(-64, 64) & ~3;
  const imm = b.displacementTo(offset - d);
  return { insns: [setup("addi", `addi ${r(ra)},${r(b.base)},${imm}`, dForm(PRIMARY.addi, ra, b.base, imm))], ra, d };
}

/** EA = a word-aligned buffer offset, (rA|0) + rB; for update forms rA is never the base. */
function xAddress(b: SequenceBuilder, size: number, update: boolean): { insns: Insn[]; ra: number; rb: number } {
  const offset = b.bufferOffset(size, 4);
  const rx = b.pointerDest();
  const imm = b.displacementTo(offset);
  if (update) return { insns: [setup("addi", `li ${r(rx)},${imm}`, li(rx, imm))], ra: rx, rb: b.base };
  return { insns: [setup("addi", `li ${r(rx)},${imm}`, li(rx, imm))], ra: b.base, rb: rx };
}

/** Replaces frD's low word with zero through the buffer (setup): keeps sign, exponent and 20 fraction bits. */
function truncateLowWord(b: SequenceBuilder, fd: number): Insn[] {
  const slot = b.bufferOffset(8, 4);
  const d = b.displacementTo(slot);
  const rx = b.dest();
  return [
    setup("stfd", `stfd ${f(fd)},${d}(${r(b.base)})`, stfd(fd, d, b.base)),
    setup("addi", `li ${r(rx)},0`, li(rx, 0)),
    setup("stw", `stw ${r(rx)},${d + 4}(${r(b.base)})`, stw(rx, d + 4, b.base)),
    setup("lfd", `lfd ${f(fd)},${d}(${r(b.base)})`, lfd(fd, d, b.base)),
  ];
}

const mtfsbSetup = (value: 0 | 1, bit: number, why: string): Insn =>
  setup(`mtfsb${value}`, `mtfsb${value} ${bit}  # ${why}`, x63(value === 1 ? X_XO_63.mtfsb1 : X_XO_63.mtfsb0, bit, 0, 0));

// --- instruction classes -----------------------------------------------------------------------

const single = (insns: Insn[]): Block => ({ insns });

const arithmetic: InstructionClass = {
  name: "FP add/subtract/multiply/divide", weight: 26,
  generate: (b) => {
    const rng = b.rng;
    const name = rng.pick(["fadd", "fsub", "fmul", "fdiv"] as const);
    const opcd = rng.chance(0.5) ? 63 : 59;
    const rc = rng.below(2);
    const insns: Insn[] = [];
    const fa = fpOperand(b, insns);
    const fbc = fpOperand(b, insns);
    const fd = fpDest(b);
    const mnemonic = `${name}${opcd === 59 ? "s" : ""}`;
    const [fb, fc] = name === "fmul" ? [0, fbc] : [fbc, 0];
    insns.push(plain(mnemonic, `${mnemonic}${dot(rc)} ${f(fd)},${f(fa)},${f(fbc)}`, aForm(opcd, A_XO[name], fd, fa, fb, fc, rc)));
    if (opcd === 59) insns.push(singlePrecisionFprf(fd));
    return single(insns);
  },
};

const fused: InstructionClass = {
  name: "FP multiply-add", weight: 20,
  generate: (b) => {
    const rng = b.rng;
    const name = rng.pick(["fmadd", "fmsub", "fnmadd", "fnmsub"] as const);
    const opcd = rng.chance(0.5) ? 63 : 59;
    const rc = rng.below(2);
    const insns: Insn[] = [];
    const [fa, fc] = [fpOperand(b, insns), fpOperand(b, insns)];
    // Excluded: an SNaN addend, loaded fresh with any other value. With infinity times zero, QEMU
    // sets VXIMZ but not VXSNAN, though every operation on an SNaN sets VXSNAN (Book I §4.4.1).
    const fb = fpDest(b);
    let addend = randomDouble(rng);
    while (isSignallingNaN(addend)) addend = randomDouble(rng);
    insns.push(...loadDouble(b, fb, addend));
    const fd = fpDest(b);
    const mnemonic = `${name}${opcd === 59 ? "s" : ""}`;
    if (name === "fnmadd" || name === "fnmsub") {
      // Neutralised: the rounding mode, to nearest or towards zero. QEMU negates before rounding,
      // the 750 rounds and then negates (Book I; the 750CL vector fnmadd in round-to-+infinity
      // gives 0xC04F0B1807E88E7C), which differ only when rounding towards +/-infinity.
      const mode = rng.below(2);
      insns.push(setup("mtfsfi", `mtfsfi 7,${mode}  # fnm* rounding`, x63(X_XO_63.mtfsfi, 7 << 2, 0, mode << 1)));
    }
    insns.push(plain(mnemonic, `${mnemonic}${dot(rc)} ${f(fd)},${f(fa)},${f(fc)},${f(fb)}`, aForm(opcd, A_XO[name], fd, fa, fb, fc, rc)));
    if (opcd === 59) insns.push(singlePrecisionFprf(fd));
    return single(insns);
  },
};

const moveAndRound: InstructionClass = {
  name: "FP moves, fsel, frsp", weight: 10,
  generate: (b) => {
    const rng = b.rng;
    const name = rng.pick(["fmr", "fneg", "fabs", "fnabs", "frsp", "fsel"] as const);
    const rc = rng.below(2);
    const insns: Insn[] = [];
    const fd = fpDest(b);
    if (name === "fsel") {
      const [fa, fc, fbb] = [fpOperand(b, insns), fpOperand(b, insns), fpOperand(b, insns)];
      insns.push(plain(name, `fsel${dot(rc)} ${f(fd)},${f(fa)},${f(fc)},${f(fbb)}`, aForm(63, A_XO.fsel, fd, fa, fbb, fc, rc)));
    } else {
      const fb = fpOperand(b, insns);
      insns.push(plain(name, `${name}${dot(rc)} ${f(fd)},${f(fb)}`, x63(X_XO_63[name], fd, 0, fb, rc)));
      if (name === "frsp") insns.push(singlePrecisionFprf(fd));
    }
    return single(insns);
  },
};

const compare: InstructionClass = {
  name: "FP compare", weight: 6,
  generate: (b) => {
    const name = b.rng.pick(["fcmpu", "fcmpo"] as const);
    const crfD = b.rng.below(8);
    const insns: Insn[] = [];
    const [fa, fb] = [fpOperand(b, insns), fpOperand(b, insns)];
    insns.push(plain(name, `${name} cr${crfD},${f(fa)},${f(fb)}`, x63(X_XO_63[name], crfD << 2, fa, fb)));
    // Neutralised: FI, which QEMU clears on a compare, and FPRF[C], which QEMU sets when fcmpo
    // meets a QNaN (Book I: compares alter only FPCC, FX, VXSNAN, VXVC; the Dolphin project's FPRF
    // hardware test: fcmpo with a QNaN keeps C).
    insns.push(mtfsbSetup(0, 14, "FI"));
    if (name === "fcmpo") insns.push(mtfsbSetup(0, 15, "C"));
    return single(insns);
  },
};

const convert: InstructionClass = {
  // Neutralised: frD[0-31] (the 750 writes 0xFFF80000/0xFFF80001, QEMU sign-extends) by storing the
  // integer word with stfiwx, as programs do, then overwriting frD; FPRF (undefined: QEMU sets it
  // for invalid conversions, the 750 leaves it) by an fmul (another register times 1.0) that sets it afresh.
  name: "fctiw, fctiwz", weight: 6,
  generate: (b) => {
    const rng = b.rng;
    const name = rng.pick(["fctiw", "fctiwz"] as const);
    const rc = rng.below(2);
    const insns: Insn[] = [];
    const fb = fpOperand(b, insns);
    const fd = fpDest(b);
    insns.push(plain(name, `${name}${dot(rc)} ${f(fd)},${f(fb)}`, x63(X_XO_63[name], fd, 0, fb, rc)));
    const address = xAddress(b, 4, false);
    insns.push(...address.insns, setup("stfiwx", `stfiwx ${f(fd)},${r(address.ra)},${r(address.rb)}`,
      xForm(FP_XO_31.stfiwx, fd, address.ra, address.rb)));
    let other = fpOperand(b, insns);
    while (other === fd) other = fpOperand(b, insns);
    insns.push(setup("fmul", `fmul ${f(fd)},${f(other)},${f(ONE)}  # frD[0-31] and FPRF undefined`,
      aForm(63, A_XO.fmul, fd, other, 0, ONE, 0)));
    return single(insns);
  },
};

const estimate: InstructionClass = {
  // Neutralised: FR and FI (undefined) are cleared and XX set after the estimate (the
  // architecture does not set XX for them, QEMU does, and FX with it, so FX is set too); frsqrte's
  // low word (QEMU computes a double-rounded 1/sqrt, ppcmac the correctly rounded one; both are
  // estimates far inside the 1/32 bound). Excluded: the Rc=1 forms (CR1 would copy that FX), and
  // fres of a zero (QEMU returns 1/2 instead of the infinity Book I specifies): its operand is
  // loaded with a nonzero value first.
  name: "fres, frsqrte", weight: 4,
  generate: (b) => {
    const name = b.rng.pick(["fres", "frsqrte"] as const);
    const insns: Insn[] = [];
    let fb: number;
    if (name === "fres") {
      fb = fpDest(b);
      let value = randomDouble(b.rng);
      while (((value[0] & 0x7fff_ffff) | value[1]) === 0) value = randomDouble(b.rng);
      insns.push(...loadDouble(b, fb, value));
    } else {
      fb = fpOperand(b, insns);
    }
    const fd = fpDest(b);
    insns.push(plain(name, `${name} ${f(fd)},${f(fb)}`, aForm(name === "fres" ? 59 : 63, A_XO[name], fd, 0, fb, 0, 0)));
    if (name === "fres") insns.push(singlePrecisionFprf(fd));
    insns.push(mtfsbSetup(1, 0, "FX"), mtfsbSetup(1, 6, "XX"), mtfsbSetup(0, 13, "FR"), mtfsbSetup(0, 14, "FI"));
    if (name === "frsqrte") insns.push(...truncateLowWord(b, fd));
    return single(insns);
  },
};

const fpscrMoves: InstructionClass = {
  // Excluded: setting an enable bit (VE OE UE ZE XE) or NI; see FLOAT_EXCLUSIONS.
  name: "FPSCR instructions", weight: 8,
  generate: (b) => {
    const rng = b.rng;
    const rc = rng.below(2);
    switch (rng.below(6)) {
      case 0: {
        const crf = rng.below(8);
        // Field 0 keeps FX set (see randomFpscr); field 6 holds enables, field 7 XE and NI.
        const imm = crf === 0 ? rng.below(16) | 8 : crf === 6 ? 0 : crf === 7 ? rng.below(4) : rng.below(16);
        return single([
          plain("mtfsfi", `mtfsfi${dot(rc)} ${crf},${imm}`, x63(X_XO_63.mtfsfi, crf << 2, 0, imm << 1, rc)),
          mtfsbSetup(1, 0, "FX (see randomFpscr)"),
        ]);
      }
      case 1: {
        const bit = rng.between(1, 31); // not FX (see randomFpscr)
        return single([plain("mtfsb0", `mtfsb0${dot(rc)} ${bit}`, x63(X_XO_63.mtfsb0, bit, 0, 0, rc))]);
      }
      case 2: {
        let bit = rng.below(32);
        while (bit >= 24 && bit <= 29) bit = rng.below(32);
        if (((0x8000_0000 >>> bit) & EXCEPTION_BITS) === 0) {
          return single([plain("mtfsb1", `mtfsb1${dot(rc)} ${bit}`, x63(X_XO_63.mtfsb1, bit, 0, 0, rc))]);
        }
        // Neutralised: FX after setting an exception bit, which QEMU does not set and the 750 does
        // (the Dolphin project's FPSCR hardware test: mtfsb1 9 reads back 0xA0400000); no Rc=1,
        // whose CR1 would copy that FX.
        return single([
          plain("mtfsb1", `mtfsb1 ${bit}`, x63(X_XO_63.mtfsb1, bit, 0, 0, 0)),
          mtfsbSetup(1, 0, "FX, set by mtfsb1 of an exception bit"),
        ]);
      }
      case 3: {
        const insns: Insn[] = [];
        let fm = rng.chance(0.3) ? 0xff : rng.below(256);
        let fb: number;
        if (rng.chance(0.5)) {
          fb = fpDest(b);
          insns.push(...loadDouble(b, fb, [rng.u32(), u32(randomFpscr(rng) | FX)]));
        } else {
          fb = rng.below(32);
          // A register's unknown low word may hold enables or clear FX: leave fields 0, 6 and 7 alone.
          fm &= 0x7c;
        }
        // mtfsf may set exception bits without FX (as the architecture says); keep FX set (see randomFpscr).
        insns.push(plain("mtfsf", `mtfsf${dot(rc)} ${hex(fm)},${f(fb)}`, mtfsf(fm, fb, rc)), mtfsbSetup(1, 0, "FX"));
        return single(insns);
      }
      case 4: {
        // Neutralised: the FR bit mcrfs copies from field 3 (QEMU never sets FR).
        const [crfD, crfS] = [rng.below(8), rng.below(8)];
        const insns = [plain("mcrfs", `mcrfs cr${crfD},${crfS}`, x63(X_XO_63.mcrfs, crfD << 2, crfS << 2, 0))];
        if (crfS === 3) {
          const bit = 4 * crfD + 1;
          insns.push(setup("crxor", `crxor ${bit},${bit},${bit}  # FR`, xlForm(XO_19.crxor, bit, bit, bit)));
        }
        if (crfS === 0) insns.push(mtfsbSetup(1, 0, "FX, cleared by mcrfs (see randomFpscr)"));
        return single(insns);
      }
      default: {
        // Neutralised: frD[0-31] (undefined; the 750 gives 0xFFF80000, QEMU 0) and FR: the low
        // word goes through the buffer with FR cleared, the high word becomes 0.
        const fd = fpDest(b);
        const slot = b.bufferOffset(8, 4);
        const d = b.displacementTo(slot);
        const rx = b.dest();
        return single([
          plain("mffs", `mffs${dot(rc)} ${f(fd)}`, mffs(fd, rc)),
          setup("stfd", `stfd ${f(fd)},${d}(${r(b.base)})`, stfd(fd, d, b.base)),
          setup("lwz", `lwz ${r(rx)},${d + 4}(${r(b.base)})`, lwz(rx, d + 4, b.base)),
          setup("rlwinm", `rlwinm ${r(rx)},${r(rx)},0,14,12  # FR`, clearBit13(rx, rx)),
          setup("stw", `stw ${r(rx)},${d + 4}(${r(b.base)})`, stw(rx, d + 4, b.base)),
          setup("addi", `li ${r(rx)},0`, li(rx, 0)),
          setup("stw", `stw ${r(rx)},${d}(${r(b.base)})`, stw(rx, d, b.base)),
          setup("lfd", `lfd ${f(fd)},${d}(${r(b.base)})`, lfd(fd, d, b.base)),
        ]);
      }
    }
  },
};

const loads: InstructionClass = {
  name: "FP loads", weight: 8,
  generate: (b) => {
    const rng = b.rng;
    const kind = rng.pick(["lfs", "lfd"] as const);
    const size = kind === "lfs" ? 4 : 8;
    const form = rng.below(4);
    const update = form === 1 || form === 3;
    const fd = fpDest(b);
    if (form < 2) {
      const name = `${kind}${update ? "u" : ""}` as keyof typeof FP_PRIMARY;
      const a = dAddress(b, size, update);
      return single([...a.insns, plain(name, `${name} ${f(fd)},${a.d}(${r(a.ra)})`, dForm(FP_PRIMARY[name], fd, a.ra, a.d))]);
    }
    const name = `${kind}${update ? "ux" : "x"}` as keyof typeof FP_XO_31;
    const a = xAddress(b, size, update);
    return single([...a.insns, plain(name, `${name} ${f(fd)},${r(a.ra)},${r(a.rb)}`, xForm(FP_XO_31[name], fd, a.ra, a.rb))]);
  },
};

const stores: InstructionClass = {
  // Excluded: stfs of a nonzero value with exponent below 874 (undefined; the 750 stores the bit
  // selection, QEMU a zero): the source is first loaded with a value outside that range, or
  // rounded to single with frsp.
  name: "FP stores", weight: 8,
  generate: (b) => {
    const rng = b.rng;
    const kind = rng.pick(["stfs", "stfd", "stfiwx"] as const);
    const insns: Insn[] = [];
    let fs = fpDest(b);
    if (kind === "stfs") {
      if (rng.chance(0.6)) {
        let value = randomDouble(rng);
        while (!storableAsSingle(value)) value = randomDouble(rng);
        insns.push(...loadDouble(b, fs, value));
      } else {
        const source = fpOperand(b, insns);
        insns.push(setup("frsp", `frsp ${f(fs)},${f(source)}  # stfs below exponent 874 is undefined`, x63(X_XO_63.frsp, fs, 0, source)),
          singlePrecisionFprf(fs));
      }
    } else if (rng.chance(0.3)) {
      fs = fpOperand(b, insns);
    }
    if (kind === "stfiwx") {
      const a = xAddress(b, 4, false);
      return single([...insns, ...a.insns, plain(kind, `stfiwx ${f(fs)},${r(a.ra)},${r(a.rb)}`, xForm(FP_XO_31.stfiwx, fs, a.ra, a.rb))]);
    }
    const size = kind === "stfs" ? 4 : 8;
    const form = rng.below(4);
    const update = form === 1 || form === 3;
    if (form < 2) {
      const name = `${kind}${update ? "u" : ""}` as keyof typeof FP_PRIMARY;
      const a = dAddress(b, size, update);
      return single([...insns, ...a.insns, plain(name, `${name} ${f(fs)},${a.d}(${r(a.ra)})`, dForm(FP_PRIMARY[name], fs, a.ra, a.d))]);
    }
    const name = `${kind}${update ? "ux" : "x"}` as keyof typeof FP_XO_31;
    const a = xAddress(b, size, update);
    return single([...insns, ...a.insns, plain(name, `${name} ${f(fs)},${r(a.ra)},${r(a.rb)}`, xForm(FP_XO_31[name], fs, a.ra, a.rb))]);
  },
};

export const FLOAT_CLASSES: readonly InstructionClass[] = [
  arithmetic, fused, moveAndRound, compare, convert, estimate, fpscrMoves, loads, stores,
];

/** Case `index` of seed `seed` for the FP test: the integer test's case structure, FP classes. */
export function generateFloatCase(seed: number, index: number, layout: RecordLayout, maxBlocks = 24): GeneratedCase {
  const rng = new Rng(seed, index);
  const base = rng.between(1, 31);
  const baseOffset = rng.below(BUFFER_BYTES);
  const initialState = layout.sections.flatMap((section) => section.randomInitial(rng));
  const buffer = new Uint8Array(BUFFER_BYTES);
  const view = new DataView(buffer.buffer);
  for (let i = 0; i < BUFFER_BYTES; i += 8) {
    // Half the doublewords are FP values (for the loads), half random words.
    if (rng.chance(0.5)) {
      const [hi, lo] = randomDouble(rng);
      view.setUint32(i, hi);
      view.setUint32(i + 4, lo);
    } else {
      view.setUint32(i, randomWord(rng));
      view.setUint32(i + 4, randomWord(rng));
    }
  }
  const blockCount = rng.between(1, maxBlocks);
  const builder = new SequenceBuilder(rng, base, baseOffset, blockCount);
  const weights = FLOAT_CLASSES.map((c) => [c, c.weight] as const);
  const blocks: Block[] = [];
  while (blocks.length < blockCount) {
    builder.blockIndex = blocks.length;
    const block = rng.weighted(weights).generate(builder);
    if (block !== undefined) blocks.push(block);
  }
  return new GeneratedCase(seed, index, layout, base, baseOffset, initialState, buffer, blocks);
}
