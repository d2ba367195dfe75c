/**
 * Simplified (extended) mnemonics, as `powerpc-linux-gnu-objdump -d` (binutils 2.40, its
 * default "power10 + any" dialect for 32-bit ELF files) prints them. Each rule belongs to one
 * instruction description and either formats the word or declines, leaving it to the generic
 * layer in disasm.ts. The rules follow the simplified mnemonics of UISA Appendix F and Power ISA
 * Book I Appendix C; where objdump departs from them, the comment says so.
 *
 * Operands that objdump treats as optional (a CR field of 0, a branch hint BH of 0, ...) are
 * left out when they and every optional operand after them have their default value.
 */
import type { InstructionDescription } from "./isa.js";
import {
  BD, BI, BO, CRM, MB, ME, SH, SIMM, SPR, TO, UIMM, crbA, crbB, crbD, crfD, rA, rB, rD, rS,
} from "./fields.js";
import type { Disassembly } from "./disasm.js";
import { branchTarget, crBit, crField, dataWord, dec, definedBits, formatGeneric, fpr, gpr, isWellFormed, suffixed } from "./disasm.js";

/** A simplified form: formats the word, or returns undefined to fall through to the next rule. */
type Rule = (word: number, address: number, desc: InstructionDescription) => Disassembly | undefined;

const L_BIT = (word: number): number => (word >>> 21) & 1;
const clean = (desc: InstructionDescription, word: number): boolean => isWellFormed(desc, word);

/**
 * Operands with optional ones: objdump omits an optional operand that has its default value when
 * every optional operand after it has its default value too.
 */
type Part = string | { readonly optional: string; readonly isDefault: boolean };
function withOptional(parts: readonly Part[]): string[] {
  const out: string[] = [];
  let laterNonDefault = false;
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (typeof p === "string") out.push(p);
    else if (!p.isDefault || laterNonDefault) {
      out.push(p.optional);
      laterNonDefault = true;
    }
  }
  return out.reverse();
}
const optionalCrField = (n: number) => ({ optional: crField(n), isDefault: n === 0 });

// --- integer (UISA Appendix F.2-F.8) ---

/**
 * Compares: L=1 is the 64-bit compare (cmpd...). objdump ignores bit 9 (between BF and L) of the
 * D-form compares but not of the X-form ones.
 */
const compare = (wordForm: string, doubleForm: string, last: (word: number) => string, ignored = 0): Rule => (word, _address, desc) => {
  if (!clean(desc, word & ~ignored)) return undefined;
  const mnemonic = L_BIT(word) === 0 ? wordForm : doubleForm;
  return { mnemonic, operands: withOptional([optionalCrField(crfD(word)), gpr(rA(word)), last(word)]) };
};

/** TO values that have a trap mnemonic (UISA Table F-10); objdump names these only. */
const TRAP_CONDITIONS: ReadonlyMap<number, string> = new Map([
  [1, "lgt"], [2, "llt"], [4, "eq"], [5, "lge"], [6, "lle"], [8, "gt"], [12, "ge"], [16, "lt"], [20, "le"], [24, "ne"], [31, "u"],
]);

const trap = (immediate: boolean): Rule => (word, _address, desc) => {
  if (!clean(desc, word)) return undefined;
  if (!immediate && TO(word) === 31 && rA(word) === 0 && rB(word) === 0) return { mnemonic: "trap", operands: [] };
  const condition = TRAP_CONDITIONS.get(TO(word));
  if (condition === undefined) return undefined;
  return immediate
    ? { mnemonic: `tw${condition}i`, operands: [gpr(rA(word)), dec(SIMM(word))] }
    : { mnemonic: `tw${condition}`, operands: [gpr(rA(word)), gpr(rB(word))] };
};

/** rlwinm forms (UISA Table F-4), in the order objdump prefers them. */
const rotateLeftImmediate: Rule = (word, _address, desc) => {
  if (!clean(desc, word)) return undefined;
  const sh = SH(word);
  const mb = MB(word);
  const me = ME(word);
  const name = (base: string) => suffixed(base, desc, word);
  const regs = [gpr(rA(word)), gpr(rS(word))];
  if (mb === 0 && me === 31) return { mnemonic: name("rotlwi"), operands: [...regs, dec(sh)] };
  if (mb === 0 && me === 31 - sh) return { mnemonic: name("slwi"), operands: [...regs, dec(sh)] };
  if (me === 31 && sh !== 0 && mb === 32 - sh) return { mnemonic: name("srwi"), operands: [...regs, dec(mb)] };
  if (sh === 0 && me === 31) return { mnemonic: name("clrlwi"), operands: [...regs, dec(mb)] };
  if (sh === 0 && mb === 0) return { mnemonic: name("clrrwi"), operands: [...regs, dec(31 - me)] };
  return undefined;
};

// --- condition register (UISA Table F-17) ---

const crSame = (mnemonic: string): Rule => (word, _address, desc) =>
  clean(desc, word) && crbD(word) === crbA(word) && crbA(word) === crbB(word)
    ? { mnemonic, operands: [crBit(crbD(word))] }
    : undefined;
const crPair = (mnemonic: string): Rule => (word, _address, desc) =>
  clean(desc, word) && crbA(word) === crbB(word)
    ? { mnemonic, operands: [crBit(crbD(word)), crBit(crbA(word))] }
    : undefined;

// --- special-purpose registers (UISA Table F-20, Power ISA Book III) ---

/**
 * SPR names objdump uses in mfspr/mtspr simplified mnemonics. Its table is that of current Power
 * ISA processors, so it names registers the 750 does not have and leaves some 750 registers
 * (HID0, L2CR, ...) as plain numbers.
 */
const SPR_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "xer"], [3, "udscr"], [8, "lr"], [9, "ctr"], [13, "uamr"], [17, "dscr"], [18, "dsisr"], [19, "dar"], [22, "dec"],
  [25, "sdr1"], [26, "srr0"], [27, "srr1"], [28, "cfar"], [29, "amr"], [48, "pidr"], [61, "iamr"], [153, "fscr"],
  [157, "uamor"], [159, "pspb"], [176, "dpdes"], [180, "dawr0"], [181, "dawr1"], [186, "rpr"], [187, "ciabr"],
  [188, "dawrx0"], [189, "dawrx1"], [190, "hfscr"], [256, "vrsave"], [280, "asr"], [282, "ear"], [304, "hsprg0"],
  [305, "hsprg1"], [306, "hdisr"], [307, "hdar"], [308, "spurr"], [309, "purr"], [310, "hdec"], [313, "hrmor"],
  [314, "hsrr0"], [315, "hsrr1"], [318, "lpcr"], [319, "lpidr"], [336, "hmer"], [337, "hmeer"], [338, "pcr"],
  [339, "heir"], [349, "amor"], [464, "ptcr"], [496, "usprg0"], [497, "usprg1"], [505, "urmor"], [506, "usrr0"],
  [507, "usrr1"], [511, "smfctrl"], [769, "ummcr2"], [770, "ummcra"], [771, "upmc1"], [772, "upmc2"], [773, "upmc3"],
  [774, "upmc4"], [775, "upmc5"], [776, "upmc6"], [779, "ummcr0"], [800, "bescrs"], [801, "bescrsu"], [802, "bescrr"],
  [803, "bescrru"], [804, "ebbhr"], [805, "ebbrr"], [806, "bescr"], [815, "tar"], [816, "asdr"], [823, "psscr"],
  [848, "ic"], [849, "vtb"], [855, "hpsscr"], [896, "ppr"], [898, "ppr32"],
]);
/** Names objdump uses only for reading (mfspr). */
const SPR_READ_NAMES: ReadonlyMap<number, string> = new Map([
  [4, "rtcu"], [5, "rtcl"], [136, "ctrl"], [259, "usprg3"], [268, "tb"], [269, "tbu"], [287, "pvr"], [446, "tir"],
  [736, "usier2"], [737, "usier3"], [738, "ummcr3"], [768, "usier"], [780, "usiar"], [781, "usdar"], [782, "ummcr1"],
  [1023, "pir"],
]);
/** Names objdump uses only for writing (mtspr). */
const SPR_WRITE_NAMES: ReadonlyMap<number, string> = new Map([
  [20, "rtcu"], [21, "rtcl"], [128, "tfhar"], [129, "tfiar"], [130, "texasr"], [131, "texasru"], [152, "ctrl"],
  [284, "tbl"], [285, "tbu"], [286, "tbu40"], [752, "sier2"], [753, "sier3"], [754, "mmcr3"], [784, "sier"],
  [786, "mmcra"], [787, "pmc1"], [788, "pmc2"], [789, "pmc3"], [790, "pmc4"], [791, "pmc5"], [792, "pmc6"],
  [795, "mmcr0"], [796, "siar"], [797, "sdar"], [798, "mmcr1"],
]);

/** SPRs that come in numbered groups: SPRG0-3 (272-275) and the BAT pairs (528-543, OEA §2.3.3). */
function indexedSpr(spr: number): { name: string; index: number } | undefined {
  if (spr >= 272 && spr <= 275) return { name: "sprg", index: spr - 272 };
  if (spr >= 528 && spr <= 543) {
    const bat = spr - 528;
    return { name: `${bat < 8 ? "i" : "d"}bat${(bat & 1) === 0 ? "u" : "l"}`, index: (bat >>> 1) & 3 };
  }
  return undefined;
}

const moveFromSpr: Rule = (word, _address, desc) => {
  if (!clean(desc, word)) return undefined;
  const spr = SPR(word);
  const name = SPR_NAMES.get(spr) ?? SPR_READ_NAMES.get(spr);
  if (name !== undefined) return { mnemonic: `mf${name}`, operands: [gpr(rD(word))] };
  const group = indexedSpr(spr);
  if (group !== undefined) return { mnemonic: `mf${group.name}`, operands: [gpr(rD(word)), dec(group.index)] };
  return undefined;
};

const moveToSpr: Rule = (word, _address, desc) => {
  if (!clean(desc, word)) return undefined;
  const spr = SPR(word);
  const name = SPR_NAMES.get(spr) ?? SPR_WRITE_NAMES.get(spr);
  if (name !== undefined) return { mnemonic: `mt${name}`, operands: [gpr(rS(word))] };
  const group = indexedSpr(spr);
  if (group !== undefined) return { mnemonic: `mt${group.name}`, operands: [dec(group.index), gpr(rS(word))] };
  return undefined;
};

/** mftb reads TBL (268) or TBU (269); objdump prints any other TBR as `.long` (VEA §2.2). */
const moveFromTimeBase: Rule = (word, _address, desc) => {
  if (!clean(desc, word)) return undefined;
  const tbr = SPR(word);
  if (tbr === 268) return { mnemonic: "mftb", operands: [gpr(rD(word))] };
  if (tbr === 269) return { mnemonic: "mftbu", operands: [gpr(rD(word))] };
  return dataWord(word);
};

// --- branches (UISA Appendix F.5; Power ISA Book I §2.4 for the hint bits) ---

/** CR bit conditions: branch if true (BO=011at) and if false (BO=001at), by BI mod 4. */
const TRUE_CONDITIONS = ["lt", "gt", "eq", "so"] as const;
const FALSE_CONDITIONS = ["ge", "le", "ne", "ns"] as const;

type BranchKind = "bc" | "bclr" | "bcctr";

/**
 * objdump reads BO with the Power ISA's "at" hint bits (Book I §2.4), not the 750's y bit: for
 * the CR-only forms BO=0b001at/0b011at, at=0b10 prints `-` and 0b11 prints `+`; at=0b01 (a
 * reserved value) prints nothing for bc and `+` for bclr/bcctr, whose older entries objdump
 * matches first. The CTR forms BO=0b1a00t/0b1a01t use a and t the same way.
 */
function conditionHint(at: number, kind: BranchKind): string {
  switch (at) {
    case 2: return "-";
    case 3: return "+";
    case 1: return kind === "bc" ? "" : "+";
    default: return "";
  }
}

/**
 * Conditional branches. Returns the mnemonic stem (without l/a suffixes and hint), the hint, and
 * the operands before the target; undefined when objdump shows the generic bc/bclr/bcctr form, and
 * "invalid" for BO values objdump rejects (printed as .long).
 */
function branchForm(kind: BranchKind, word: number): { stem: string; hint: string; operands: Part[] } | "invalid" | "generic" {
  const bo = BO(word);
  const bi = BI(word);
  const condition = bi & 3;
  const field = bi >>> 2;
  const suffix = kind === "bc" ? "" : kind === "bclr" ? "lr" : "ctr";
  // BO=0b001at / 0b011at: branch on a CR bit alone.
  if ((bo & 0x14) === 0x04) {
    const names = (bo & 0x08) !== 0 ? TRUE_CONDITIONS : FALSE_CONDITIONS;
    return { stem: `b${names[condition]}${suffix}`, hint: conditionHint(bo & 3, kind), operands: [optionalCrField(field)] };
  }
  // BO=0b0000z, 0b0001z, 0b0100z, 0b0101z: decrement CTR and test a CR bit too.
  if ((bo & 0x14) === 0x00) {
    const z = bo & 1;
    if (kind === "bcctr") return z === 0 ? "generic" : "invalid"; // bcctr cannot decrement CTR (UISA §4.2.4)
    const stem = `b${(bo & 0x02) !== 0 ? "dz" : "dnz"}${(bo & 0x08) !== 0 ? "t" : "f"}${suffix}`;
    return { stem, hint: kind === "bclr" && z === 1 ? "+" : "", operands: [crBit(bi)] };
  }
  // BO=0b1a00t / 0b1a01t: decrement CTR only; BI should be 0.
  if ((bo & 0x14) === 0x10) {
    const at = ((bo >>> 2) & 2) | (bo & 1);
    if (at === 1 && (bi !== 0 || kind === "bcctr")) return "invalid";
    if (kind === "bcctr" || bi !== 0) return "generic";
    return { stem: `b${(bo & 0x02) !== 0 ? "dz" : "dnz"}${suffix}`, hint: conditionHint(at, kind), operands: [] };
  }
  // BO=0b10100: branch always.
  if (bo === 0x14) {
    if (kind === "bc" || bi !== 0) return "generic";
    return { stem: kind === "bclr" ? "blr" : "bctr", hint: "", operands: [] };
  }
  return "invalid";
}

/** Hint objdump adds to the generic bc/bclr/bcctr form: BO=0b1a00t/0b1a01t with a=1. */
const genericHint = (bo: number): string => ((bo & 0x14) === 0x10 && (bo & 0x08) !== 0 ? ((bo & 1) !== 0 ? "+" : "-") : "");

const branchConditional = (kind: BranchKind): Rule => (word, address, desc) => {
  if (!clean(desc, word)) {
    // bclr/bcctr bits 19-20 hold BH (Power ISA Book I §2.4); objdump shows it, other bits are reserved.
    if (kind === "bc" || (word & ~(definedBits(desc) | 0x1800)) !== 0) return undefined;
  }
  const form = branchForm(kind, word);
  if (form === "invalid") return dataWord(word);
  const bh = (word >>> 11) & 3;
  const bhOperand = kind === "bc" ? [] : [{ optional: dec(bh), isDefault: bh === 0 }];
  const target = kind === "bc" ? branchTarget(word, address, BD(word)) : undefined;
  if (form === "generic") {
    const bo = BO(word);
    const mnemonic = suffixed(kind, desc, word) + genericHint(bo);
    return { mnemonic, operands: withOptional([dec(bo), crBit(BI(word)), ...bhOperand]), target };
  }
  const mnemonic = suffixed(form.stem, desc, word) + form.hint;
  return { mnemonic, operands: withOptional([...form.operands, ...bhOperand]), target };
};

// --- fields of later Power ISA versions in bits the 750 reserves ---
//
// The 750 ignores these bits (and ppcmac decodes the words as the base instruction), but objdump
// reads them as the Power ISA defines them, so the disassembler does too.

/** Whether the word has no bits set outside the description's fields and `extra`. */
const cleanBut = (desc: InstructionDescription, word: number, extra: number): boolean => clean(desc, word & ~extra);
const isOneHot = (n: number): boolean => n !== 0 && (n & (n - 1)) === 0;
const optionalNumber = (value: number, defaultValue = 0) => ({ optional: dec(value), isDefault: value === defaultValue });
/** (rA|0) as objdump prints it. */
const rAOrZero = (word: number): string => (rA(word) === 0 ? "0" : gpr(rA(word)));

/** mtcrf/mfcr with bit 11 set are mtocrf/mfocrf, which name exactly one field (Book I §3.3.16). */
const BIT_11 = 0x00100000;
const moveToOneCrField: Rule = (word, _address, desc) => {
  if ((word & BIT_11) === 0 || !cleanBut(desc, word, BIT_11)) return undefined;
  return isOneHot(CRM(word)) ? { mnemonic: "mtocrf", operands: [dec(CRM(word)), gpr(rS(word))] } : dataWord(word);
};
const moveFromCr: Rule = (word, _address, desc) => {
  const fxm = CRM(word);
  if ((word & BIT_11) === 0 || !cleanBut(desc, word, BIT_11 | 0x000ff000)) return undefined;
  return isOneHot(fxm) ? { mnemonic: "mfocrf", operands: [gpr(rD(word)), dec(fxm)] } : dataWord(word);
};

/**
 * sync's L (bits 8-10) and SC (bits 14-15) fields (Book II §4.6.3). objdump also accepts
 * larger values in bits 12-15 for L=0 when bit 14 is set and for L=1 when it is clear (entries
 * of other dialects), printing them as numbers.
 */
const SYNC_BY_L: ReadonlyMap<number, string> = new Map([[0, "hwsync"], [1, "lwsync"], [2, "ptesync"], [4, "phwsync"], [5, "plwsync"]]);
const SYNC_BY_SC: ReadonlyMap<number, string> = new Map([[2, "stcisync"], [3, "stsync"]]);
const synchronize: Rule = (word, _address, desc) => {
  if (!cleanBut(desc, word, 0x00ef0000)) return undefined;
  const l = (word >>> 21) & 7;
  const sc = (word >>> 16) & 0xf;
  const name = SYNC_BY_L.get(l);
  if (name === undefined) return dataWord(word);
  if (sc === 0) return { mnemonic: name, operands: [] };
  if (l === 0 && SYNC_BY_SC.has(sc)) return { mnemonic: SYNC_BY_SC.get(sc) ?? "", operands: [] };
  if (l === 1 && sc === 1) return { mnemonic: "stncisync", operands: [] };
  if (sc >= 4 && !(l === 0 && (sc & 2) !== 0) && !(l === 1 && (sc & 2) === 0)) return dataWord(word);
  return { mnemonic: "sync", operands: [dec(l), dec(sc)] };
};

/** eieio with MO (bits 6-10) not 0 is mbar; objdump ignores bits 11-20 of mbar (Book II §4.6.4). */
const memoryBarrier: Rule = (word, _address, desc) => {
  if (!cleanBut(desc, word, 0x03fff800)) return undefined;
  if ((word & 0x03fff800) === 0) return { mnemonic: "eieio", operands: [] };
  return { mnemonic: "mbar", operands: withOptional([optionalNumber(rD(word))]) };
};

/** dcbt/dcbtst TH (bits 6-10) selects the Power ISA's touch variants (Book II §4.3.2). */
const touch = (base: "dcbt" | "dcbtst"): Rule => (word, _address, desc) => {
  if (!cleanBut(desc, word, 0x03e00000)) return undefined;
  const th = rD(word);
  const regs = [rAOrZero(word), gpr(rB(word))];
  if (th < 8) return { mnemonic: `${base}ct`, operands: withOptional([...regs, optionalNumber(th)]) };
  if (th < 16) return { mnemonic: `${base}ds`, operands: withOptional([...regs, optionalNumber(th, 8)]) };
  if (th === 16) return { mnemonic: `${base}t`, operands: regs };
  if (th === 17 && base === "dcbt") return { mnemonic: "dcbna", operands: regs };
  return { mnemonic: base, operands: [...regs, dec(th)] };
};

/** dcbf L (bits 8-10): dcbfl, dcbflp, dcbfps, dcbstps (Book II §4.3.2). */
const FLUSH_BY_L: ReadonlyMap<number, string> = new Map([[0, "dcbf"], [1, "dcbfl"], [3, "dcbflp"], [4, "dcbfps"], [6, "dcbstps"]]);
const flush: Rule = (word, _address, desc) => {
  if (!cleanBut(desc, word, 0x03e00000)) return undefined;
  const name = (rD(word) & 0x18) === 0 ? FLUSH_BY_L.get(rD(word)) : undefined;
  return name === undefined ? dataWord(word) : { mnemonic: name, operands: [rAOrZero(word), gpr(rB(word))] };
};

/** dcbz with bit 10 set is dcbzl (the 970's 128-byte dcbz). */
const zeroLine: Rule = (word, _address, desc) => {
  if (!cleanBut(desc, word, 0x03e00000)) return undefined;
  if (rD(word) === 0) return undefined;
  return rD(word) === 1 ? { mnemonic: "dcbzl", operands: [rAOrZero(word), gpr(rB(word))] } : dataWord(word);
};

/**
 * tlbie: the Power ISA's RS (bits 6-10), RIC (12-13), PRS (14) and R (15) operands (Book III
 * §6.10.6.2); with bit 11 set and RS 0 objdump reads the POWER "tlbi rA,rB".
 */
const invalidateTlb: Rule = (word, _address, desc) => {
  if (!cleanBut(desc, word, 0x03ff0000)) return undefined;
  if ((word & BIT_11) !== 0) return rS(word) === 0 ? { mnemonic: "tlbi", operands: [gpr(rA(word)), gpr(rB(word))] } : dataWord(word);
  const ric = (word >>> 18) & 3;
  const prs = (word >>> 17) & 1;
  const r = (word >>> 16) & 1;
  return { mnemonic: "tlbie", operands: withOptional([gpr(rB(word)), gpr(rS(word)), optionalNumber(ric), optionalNumber(prs), optionalNumber(r)]) };
};

/**
 * Primary opcode 17. With bit 30 set and bit 31 clear it is sc, whose bits 20-26 are the Power
 * ISA's LEV field, printed when not 0 (Book I §3.3.1); objdump ignores bits 16-19 and 27-29. The
 * 750 executes every opcode-17 word as sc, but objdump reads the other combinations of bits 30-31
 * as the POWER architecture's svc/svcla and the Power ISA's scv.
 */
const systemCall: Rule = (word) => {
  if ((word & 0x03ff0000) !== 0) return dataWord(word);
  const lev = (word >>> 5) & 0x7f;
  switch (word & 3) {
    case 2: return { mnemonic: "sc", operands: withOptional([optionalNumber(lev)]) };
    case 3: return { mnemonic: "svcla", operands: [dec((word >>> 2) & 0x3fff)] };
    case 1: return { mnemonic: "scv", operands: [dec(lev)] };
    default: return { mnemonic: "svc", operands: [dec(lev), dec((word >>> 12) & 0xf), dec((word >>> 2) & 7)] };
  }
};

// --- floating-point status and control (UISA §4.6.7; Power ISA Book I §4.6.10) ---

/**
 * A field that reads 1 in bits the description reserves, which objdump shows as one more operand
 * "1" after the generic ones: lwarx's EH bit, fres/frsqrte's bits 11-15.
 */
const trailingOne = (field: number, one: number): Rule => (word, address, desc) => {
  if ((word & field) !== one || !cleanBut(desc, word, field)) return undefined;
  const generic = formatGeneric(desc, word & ~field, address);
  return { ...generic, operands: [...generic.operands, "1"] };
};

/** mtfsfi prints its BF as a plain number; bit 15 is the Power ISA's W operand. */
const moveToFpscrFieldImmediate: Rule = (word, _address, desc) => {
  if (!cleanBut(desc, word, 0x03800000 | 0x0000f000 | 0x00010000 | 1)) return undefined;
  const w = (word >>> 16) & 1;
  return { mnemonic: suffixed("mtfsfi", desc, word), operands: withOptional([dec(crfD(word)), dec((word >>> 12) & 0xf), optionalNumber(w)]) };
};

/** mtfsf: bit 6 is the Power ISA's L operand and bit 15 its W operand. */
const moveToFpscrFields: Rule = (word, _address, desc) => {
  if (!cleanBut(desc, word, 0x01fe0000 | 0x0000f800 | 0x02000000 | 0x00010000 | 1)) return undefined;
  const l = (word >>> 25) & 1;
  const w = (word >>> 16) & 1;
  return {
    mnemonic: suffixed("mtfsf", desc, word),
    operands: withOptional([dec((word >>> 17) & 0xff), fpr(rB(word)), optionalNumber(l), optionalNumber(w)]),
  };
};

/** mtfsb0/mtfsb1 name an FPSCR bit, printed as a number. */
const setFpscrBit = (base: string): Rule => (word, _address, desc) =>
  cleanBut(desc, word, 0x03e00000 | 1) ? { mnemonic: suffixed(base, desc, word), operands: [dec(rD(word))] } : undefined;

/**
 * mffs with bits 11-15 not 0: the Power ISA's mffsce, mffscdrn(i), mffscrn(i) and mffsl
 * (Book I §4.6.10), which have no record form.
 */
const moveFromFpscr: Rule = (word, _address, desc) => {
  const selector = rA(word);
  if (selector === 0 || !cleanBut(desc, word, 0x001ff801)) return undefined;
  const frD = fpr(rD(word));
  const b = rB(word);
  if ((word & 1) !== 0) return dataWord(word);
  switch (selector) {
    case 0x01: return b === 0 ? { mnemonic: "mffsce", operands: [frD] } : dataWord(word);
    case 0x14: return { mnemonic: "mffscdrn", operands: [frD, fpr(b)] };
    case 0x15: return b < 8 ? { mnemonic: "mffscdrni", operands: [frD, dec(b)] } : dataWord(word);
    case 0x16: return { mnemonic: "mffscrn", operands: [frD, fpr(b)] };
    case 0x17: return b < 4 ? { mnemonic: "mffscrni", operands: [frD, dec(b)] } : dataWord(word);
    case 0x18: return b === 0 ? { mnemonic: "mffsl", operands: [frD] } : dataWord(word);
    default: return dataWord(word);
  }
};

// --- invalid forms (UISA §1.7.1.2 and each instruction's description) ---

/**
 * Invalid forms objdump refuses, as binutils checks them: a load with update whose rA is 0 or
 * rD, a store or floating-point load/store with update whose rA is 0, lmw whose rA is in the
 * loaded range (rA >= rD), lswi/lswx whose rA (or rB) is rD. objdump then falls back to the
 * POWER mnemonic when the POWER architecture had a different one (lu, stu, lm, ...), and to
 * `.long` otherwise. The 750 executes these words anyway (its behaviour is "boundedly undefined").
 */
const loadUpdateInvalid = (w: number): boolean => rA(w) === 0 || rA(w) === rD(w);
const storeUpdateInvalid = (w: number): boolean => rA(w) === 0;

interface PowerFallback {
  /** The POWER architecture's mnemonic for the instruction. */
  readonly mnemonic: string;
  /** POWER's lux prints rA as a register even when it is 0. */
  readonly rAIsRegister?: boolean;
}

const invalidForm = (isInvalid: (word: number) => boolean, power?: PowerFallback): Rule => (word, address, desc) => {
  if (!isInvalid(word)) return undefined;
  if (power === undefined || !clean(desc, word)) return dataWord(word);
  const generic = formatGeneric(desc, word, address);
  const operands = [...generic.operands];
  if (power.rAIsRegister === true) operands[1] = gpr(rA(word));
  return { ...generic, mnemonic: power.mnemonic, operands };
};

const INVALID_FORMS: readonly (readonly [string, Rule])[] = [
  ["lbzu", invalidForm(loadUpdateInvalid)], ["lhzu", invalidForm(loadUpdateInvalid)], ["lhau", invalidForm(loadUpdateInvalid)],
  ["lwzu", invalidForm(loadUpdateInvalid, { mnemonic: "lu" })],
  ["lbzux", invalidForm(loadUpdateInvalid)], ["lhzux", invalidForm(loadUpdateInvalid)], ["lhaux", invalidForm(loadUpdateInvalid)],
  ["lwzux", invalidForm(loadUpdateInvalid, { mnemonic: "lux", rAIsRegister: true })],
  ["stbu", invalidForm(storeUpdateInvalid)], ["sthu", invalidForm(storeUpdateInvalid)],
  ["stwu", invalidForm(storeUpdateInvalid, { mnemonic: "stu" })],
  ["stbux", invalidForm(storeUpdateInvalid)], ["sthux", invalidForm(storeUpdateInvalid)],
  ["stwux", invalidForm(storeUpdateInvalid, { mnemonic: "stux" })],
  ["lfsu", invalidForm(storeUpdateInvalid)], ["lfdu", invalidForm(storeUpdateInvalid)],
  ["lfsux", invalidForm(storeUpdateInvalid)], ["lfdux", invalidForm(storeUpdateInvalid)],
  ["stfsu", invalidForm(storeUpdateInvalid)], ["stfdu", invalidForm(storeUpdateInvalid)],
  ["stfsux", invalidForm(storeUpdateInvalid)], ["stfdux", invalidForm(storeUpdateInvalid)],
  ["lmw", invalidForm((w) => rA(w) >= rD(w), { mnemonic: "lm" })],
  ["lswi", invalidForm((w) => rA(w) === rD(w), { mnemonic: "lsi" })],
  ["lswx", invalidForm((w) => rA(w) === rD(w) || rB(w) === rD(w), { mnemonic: "lsx", rAIsRegister: true })],
];

// --- the table ---

const SIMPLIFIED: readonly (readonly [string, readonly Rule[]])[] = [
  ["addi", [(w, _a, d) => (clean(d, w) && rA(w) === 0 ? { mnemonic: "li", operands: [gpr(rD(w)), dec(SIMM(w))] } : undefined)]],
  ["addis", [(w, _a, d) => (clean(d, w) && rA(w) === 0 ? { mnemonic: "lis", operands: [gpr(rD(w)), dec(SIMM(w))] } : undefined)]],
  ["ori", [(w) => (w === 0x60000000 ? { mnemonic: "nop", operands: [] } : undefined)]],
  // xori 0,0,0 is the Power ISA's "xnop" (Book I §3.3.13).
  ["xori", [(w) => (w === 0x68000000 ? { mnemonic: "xnop", operands: [] } : undefined)]],
  ["or", [(w, _a, d) => (clean(d, w) && rS(w) === rB(w) ? { mnemonic: suffixed("mr", d, w), operands: [gpr(rA(w)), gpr(rS(w))] } : undefined)]],
  ["nor", [(w, _a, d) => (clean(d, w) && rS(w) === rB(w) ? { mnemonic: suffixed("not", d, w), operands: [gpr(rA(w)), gpr(rS(w))] } : undefined)]],
  ["cmpi", [compare("cmpwi", "cmpdi", (w) => dec(SIMM(w)), 0x00400000)]],
  ["cmp", [compare("cmpw", "cmpd", (w) => gpr(rB(w)))]],
  ["cmpli", [compare("cmplwi", "cmpldi", (w) => dec(UIMM(w)), 0x00400000)]],
  ["cmpl", [compare("cmplw", "cmpld", (w) => gpr(rB(w)))]],
  ["tw", [trap(false)]],
  ["twi", [trap(true)]],
  ["rlwinm", [rotateLeftImmediate]],
  ["rlwnm", [(w, _a, d) => (clean(d, w) && MB(w) === 0 && ME(w) === 31 ? { mnemonic: suffixed("rotlw", d, w), operands: [gpr(rA(w)), gpr(rS(w)), gpr(rB(w))] } : undefined)]],
  ["creqv", [crSame("crset")]],
  ["crxor", [crSame("crclr")]],
  ["cror", [crPair("crmove")]],
  ["crnor", [crPair("crnot")]],
  ["mtcrf", [moveToOneCrField, (w, _a, d) => (clean(d, w) && CRM(w) === 0xff ? { mnemonic: "mtcr", operands: [gpr(rS(w))] } : undefined)]],
  ["mfspr", [moveFromSpr]],
  ["mtspr", [moveToSpr]],
  ["mftb", [moveFromTimeBase]],
  ["bc", [branchConditional("bc")]],
  ["bclr", [branchConditional("bclr")]],
  ["bcctr", [branchConditional("bcctr")]],
  ["mfcr", [moveFromCr]],
  // sync with L=0 is the Power ISA's heavyweight sync, "hwsync" to objdump.
  ["sync", [synchronize]],
  ["eieio", [memoryBarrier]],
  // dcbt/dcbtst with TH=0 read as the Power ISA's "dcbtct"/"dcbtstct".
  ["dcbt", [touch("dcbt")]],
  ["dcbtst", [touch("dcbtst")]],
  ["dcbf", [flush]],
  ["dcbz", [zeroLine]],
  ["tlbie", [invalidateTlb]],
  ["sc", [systemCall]],
  // lwarx bit 31 is the Power ISA's EH hint (Book II §4.4.2).
  ["lwarx", [trailingOne(1, 1)]],
  ["mtfsfi", [moveToFpscrFieldImmediate]],
  // fres/frsqrte with bits 11-15 equal to 1: objdump reads the Power ISA's optional operand.
  ["fres", [trailingOne(0x001f0000, 0x00010000)]],
  ["frsqrte", [trailingOne(0x001f0000, 0x00010000)]],
  ["mtfsf", [moveToFpscrFields]],
  ["mtfsb0", [setFpscrBit("mtfsb0")]],
  ["mtfsb1", [setFpscrBit("mtfsb1")]],
  ["mffs", [moveFromFpscr]],
  // mtmsr bit 15 is the Power ISA's L field (Book III §4.4.4).
  ["mtmsr", [(w, _a, d) => ((w & 0x10000) !== 0 && cleanBut(d, w, 0x10000) ? { mnemonic: "mtmsr", operands: [gpr(rS(w)), "1"] } : undefined)]],
];

/** Rules by description mnemonic: invalid forms first, then simplified mnemonics. */
const RULES: ReadonlyMap<string, readonly Rule[]> = (() => {
  const rules = new Map<string, Rule[]>();
  for (const [mnemonic, rule] of INVALID_FORMS) rules.set(mnemonic, [...(rules.get(mnemonic) ?? []), rule]);
  for (const [mnemonic, list] of SIMPLIFIED) rules.set(mnemonic, [...(rules.get(mnemonic) ?? []), ...list]);
  return rules;
})();

/** The simplified form of `word`, or undefined when the generic syntax applies. */
export function simplify(desc: InstructionDescription, word: number, address: number): Disassembly | undefined {
  const rules = RULES.get(desc.mnemonic);
  if (rules === undefined) return undefined;
  for (const rule of rules) {
    const result = rule(word, address, desc);
    if (result !== undefined) return result;
  }
  return undefined;
}
