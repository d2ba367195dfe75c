/**
 * Instruction encoders for the differential test, written from the opcode tables of the
 * PowerPC UISA (Appendix A) independently of cpu/instructions/*.ts, so that a wrong opcode in
 * ppcmac's descriptions shows up as a divergence (QEMU runs a different instruction) and in the
 * decoder cross-check of integer.test.ts, instead of being shared by both sides.
 */

/** Primary opcodes of D-form and I/B/M-form instructions (UISA Table A-?, by mnemonic). */
export const PRIMARY = {
  twi: 3, mulli: 7, subfic: 8, cmpli: 10, cmpi: 11, addic: 12, "addic.": 13, addi: 14, addis: 15,
  bc: 16, sc: 17, b: 18, rlwimi: 20, rlwinm: 21, rlwnm: 23,
  ori: 24, oris: 25, xori: 26, xoris: 27, "andi.": 28, "andis.": 29,
  lwz: 32, lwzu: 33, lbz: 34, lbzu: 35, stw: 36, stwu: 37, stb: 38, stbu: 39,
  lhz: 40, lhzu: 41, lha: 42, lhau: 43, sth: 44, sthu: 45, lmw: 46, stmw: 47,
} as const satisfies Record<string, number>;

/** Extended opcodes (bits 22-30) of the XO-form arithmetic under primary opcode 31. */
export const XO_ARITHMETIC = {
  subfc: 8, addc: 10, mulhwu: 11, subf: 40, mulhw: 75, neg: 104, subfe: 136, adde: 138,
  subfze: 200, addze: 202, subfme: 232, mullw: 235, addme: 234, add: 266, divwu: 459, divw: 491,
} as const satisfies Record<string, number>;

/** Extended opcodes (bits 21-30) of X/XFX-form instructions under primary opcode 31. */
export const XO_31 = {
  cmp: 0, tw: 4, lwarx: 20, lwzx: 23, slw: 24, cntlzw: 26, and: 28, cmpl: 32, dcbst: 54, lwzux: 55,
  andc: 60, dcbf: 86, lbzx: 87, lbzux: 119, nor: 124, mtcrf: 144, "stwcx.": 150, stwx: 151,
  stwux: 183, stbx: 215, dcbtst: 246, stbux: 247, dcbt: 278, lhzx: 279, eqv: 284, lhzux: 311,
  xor: 316, mfspr: 339, lhax: 343, mfcr: 19, lhaux: 375, sthx: 407, orc: 412, sthux: 439,
  or: 444, mtspr: 467, nand: 476, mcrxr: 512, lswx: 533, lwbrx: 534, srw: 536, sync: 598,
  lswi: 597, stswx: 661, stwbrx: 662, stswi: 725, sraw: 792, srawi: 824, eieio: 854,
  sthbrx: 918, extsh: 922, extsb: 954, icbi: 982, dcbz: 1014, lhbrx: 790,
} as const satisfies Record<string, number>;

/** Extended opcodes (bits 21-30) of XL-form instructions under primary opcode 19. */
export const XO_19 = {
  mcrf: 0, bclr: 16, crnor: 33, crandc: 129, isync: 150, crxor: 193, crnand: 225, crand: 257,
  creqv: 289, crorc: 417, cror: 449, bcctr: 528,
} as const satisfies Record<string, number>;

export const SPR_XER = 1;
export const SPR_LR = 8;
export const SPR_CTR = 9;

const u32 = (value: number): number => value >>> 0;

/** D-form: opcd | rD/rS/crfD-L/TO | rA | 16-bit immediate. */
export const dForm = (opcd: number, rt: number, ra: number, imm: number): number =>
  u32((opcd << 26) | (rt << 21) | (ra << 16) | (imm & 0xffff));

/** X-form under primary opcode 31 (or another primary opcode). */
export const xForm = (xo: number, rt: number, ra: number, rb: number, rc = 0, opcd = 31): number =>
  u32((opcd << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1) | rc);

/** XO-form arithmetic: OE at bit 21, Rc at bit 31. */
export const xoForm = (xo: number, rd: number, ra: number, rb: number, oe: number, rc: number): number =>
  u32((31 << 26) | (rd << 21) | (ra << 16) | (rb << 11) | (oe << 10) | (xo << 1) | rc);

/** M-form rotate: rS, rA, SH or rB, MB, ME, Rc. */
export const mForm = (opcd: number, rs: number, ra: number, shOrRb: number, mb: number, me: number, rc: number): number =>
  u32((opcd << 26) | (rs << 21) | (ra << 16) | (shOrRb << 11) | (mb << 6) | (me << 1) | rc);

/** XL-form under primary opcode 19 (CR logical: crbD, crbA, crbB; bclr/bcctr: BO, BI, 0, LK). */
export const xlForm = (xo: number, bt: number, ba: number, bb: number, lk = 0): number =>
  u32((19 << 26) | (bt << 21) | (ba << 16) | (bb << 11) | (xo << 1) | lk);

/** I-form unconditional branch with a byte displacement. */
export const iForm = (displacement: number, aa: number, lk: number): number =>
  u32((18 << 26) | (displacement & 0x03fffffc) | (aa << 1) | lk);

/** B-form conditional branch with a byte displacement. */
export const bForm = (bo: number, bi: number, displacement: number, aa: number, lk: number): number =>
  u32((16 << 26) | (bo << 21) | (bi << 16) | (displacement & 0xfffc) | (aa << 1) | lk);

/** mfspr/mtspr: the SPR number's two 5-bit halves are swapped in the instruction (PEM ch. 8, mfspr). */
export const sprForm = (xo: number, rt: number, spr: number): number =>
  xForm(xo, rt, spr & 31, (spr >>> 5) & 31);

/** mtcrf CRM,rS (XFX-form, bit 11 clear: the 32-bit architecture's mtcrf, not mtocrf). */
export const mtcrfForm = (crm: number, rs: number): number =>
  u32((31 << 26) | (rs << 21) | ((crm & 0xff) << 12) | (XO_31.mtcrf << 1));

export const NOP = dForm(PRIMARY.ori, 0, 0, 0);

/** `li rD,value` (addi rD,0,value) for a 16-bit signed value. */
export const li = (rd: number, value: number): number => dForm(PRIMARY.addi, rd, 0, value);

/** The two instructions that put a full 32-bit constant in a register: lis then ori. */
export function loadImmediate32(rd: number, value: number): [number, number] {
  const v = value >>> 0;
  return [dForm(PRIMARY.addis, rd, 0, v >>> 16), dForm(PRIMARY.ori, rd, rd, v & 0xffff)];
}

export const hex32 = (value: number): string => `0x${(value >>> 0).toString(16).padStart(8, "0")}`;
