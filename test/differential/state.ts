/**
 * The architected state the differential test loads before and dumps after each case, and the
 * layout of a case's record in the guest's data area.
 *
 * A record is: the initial state, the final state (same layout), then the scratch buffer the
 * sequence's loads and stores address. The GPRs come first and are loaded last and stored first
 * (they hold the pointers the other sections are moved through); every other section is loaded,
 * in list order, through a scratch GPR before the GPRs are, and stored in reverse list order after
 * them, so a section may use a register of its own file as scratch if it is saved before.
 *
 * Extension point for floating point: add sections for the FPSCR and the FPRs to
 * EXTRA_SECTIONS (FPSCR first: it is loaded with lfd f0 + mtfsf before the FPRs overwrite f0,
 * and stored after them with mffs f0 + stfd), each field two words; the record layout, the
 * prologue and epilogue, the comparison and the failure report all follow from the list.
 */
import { SPR_CTR, SPR_LR, SPR_XER, XO_31, dForm, mtcrfForm, PRIMARY, sprForm, xForm } from "./encoding.js";
import type { Rng } from "./rng.js";
import { randomWord } from "./values.js";

export interface StateSection {
  readonly name: string;
  /** Field names in record order; each field is `wordsPerField` big-endian words. */
  readonly fields: readonly string[];
  readonly wordsPerField: 1 | 2;
  /** Random initial words (fields.length * wordsPerField of them), within what the test allows. */
  randomInitial(rng: Rng): number[];
  /** Words loading the section from offset(pointer), using GPR `scratch`. */
  load(pointer: number, offset: number, scratch: number): number[];
  /** Words storing the section to offset(base), using GPR `scratch`. */
  store(base: number, offset: number, scratch: number): number[];
}

const lwz = (rd: number, offset: number, ra: number): number => dForm(PRIMARY.lwz, rd, ra, offset);
const stw = (rs: number, offset: number, ra: number): number => dForm(PRIMARY.stw, rs, ra, offset);
const mtspr = (spr: number, rs: number): number => sprForm(XO_31.mtspr, rs, spr);
const mfspr = (rd: number, spr: number): number => sprForm(XO_31.mfspr, rd, spr);

/** One word moved through a GPR with mtspr/mfspr. */
function sprSection(name: string, spr: number, randomInitial: (rng: Rng) => number): StateSection {
  return {
    name, fields: [name], wordsPerField: 1,
    randomInitial: (rng) => [randomInitial(rng) >>> 0],
    load: (pointer, offset, scratch) => [lwz(scratch, offset, pointer), mtspr(spr, scratch)],
    store: (base, offset, scratch) => [mfspr(scratch, spr), stw(scratch, offset, base)],
  };
}

/**
 * XER values the test may load: SO, OV, CA and the byte count. ppcmac keeps only these bits, as
 * the 750/7400 do (PEM §2.1.5; MPC750 UM ch. 2); QEMU keeps every bit written, so others would differ.
 */
export const XER_DEFINED_BITS = 0xe000_007f;

export const GPR_SECTION: StateSection = {
  name: "gpr",
  fields: Array.from({ length: 32 }, (_, i) => `r${i}`),
  wordsPerField: 1,
  randomInitial: (rng) => Array.from({ length: 32 }, () => randomWord(rng)),
  // GPRs are moved by the prologue and epilogue themselves (generator.ts).
  load: () => [],
  store: () => [],
};

export const EXTRA_SECTIONS: readonly StateSection[] = [
  {
    name: "cr", fields: ["cr"], wordsPerField: 1,
    randomInitial: (rng) => [rng.u32()],
    load: (pointer, offset, scratch) => [lwz(scratch, offset, pointer), mtcrfForm(0xff, scratch)],
    store: (base, offset, scratch) => [xForm(XO_31.mfcr, scratch, 0, 0), stw(scratch, offset, base)],
  },
  sprSection("xer", SPR_XER, (rng) => rng.u32() & XER_DEFINED_BITS),
  sprSection("lr", SPR_LR, randomWord),
  // Small counts make the decrement-and-test branch forms reach zero.
  sprSection("ctr", SPR_CTR, (rng) => (rng.chance(0.4) ? rng.below(4) : randomWord(rng))),
];

/** Bytes of scratch buffer per case; 32-byte aligned so dcbz blocks lie inside it. */
export const BUFFER_BYTES = 256;

const align32 = (n: number): number => (n + 31) & ~31;

export interface FieldLocation {
  readonly section: StateSection;
  readonly name: string;
  /** Byte offset of the field within a state area. */
  readonly offset: number;
  readonly bytes: number;
}

/** Where everything sits in one case's record. */
export class RecordLayout {
  readonly sections: readonly StateSection[];
  readonly fieldLocations: readonly FieldLocation[];
  readonly sectionOffsets: ReadonlyMap<StateSection, number>;
  readonly stateBytes: number;
  readonly initialOffset = 0;
  readonly finalOffset: number;
  readonly bufferOffset: number;
  readonly recordBytes: number;

  constructor(extraSections: readonly StateSection[] = EXTRA_SECTIONS) {
    this.sections = [GPR_SECTION, ...extraSections];
    const offsets = new Map<StateSection, number>();
    const fields: FieldLocation[] = [];
    let offset = 0;
    for (const section of this.sections) {
      offsets.set(section, offset);
      for (const name of section.fields) {
        const bytes = 4 * section.wordsPerField;
        fields.push({ section, name, offset, bytes });
        offset += bytes;
      }
    }
    this.sectionOffsets = offsets;
    this.fieldLocations = fields;
    this.stateBytes = offset;
    this.finalOffset = align32(this.stateBytes);
    this.bufferOffset = this.finalOffset + align32(this.stateBytes);
    this.recordBytes = this.bufferOffset + BUFFER_BYTES;
  }

  sectionOffset(section: StateSection): number {
    const offset = this.sectionOffsets.get(section);
    if (offset === undefined) throw new Error(`section ${section.name} is not in this layout`);
    return offset;
  }
}
