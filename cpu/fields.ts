/**
 * Instruction-word fields, named as in the PowerPC Architecture (bit 0 is the most significant).
 * Small enough for V8 to inline into every handler.
 */
export const OPCD = (op: number): number => op >>> 26;
export const rD = (op: number): number => (op >>> 21) & 31;
export const rS = rD;
export const rA = (op: number): number => (op >>> 16) & 31;
export const rB = (op: number): number => (op >>> 11) & 31;
export const rC = (op: number): number => (op >>> 6) & 31;
export const SIMM = (op: number): number => (op << 16) >> 16;
export const UIMM = (op: number): number => op & 0xffff;
export const SH = rB;
export const MB = (op: number): number => (op >>> 6) & 31;
export const ME = (op: number): number => (op >>> 1) & 31;
export const NB = rB;
export const TO = rD;
export const BO = rD;
export const BI = rA;
/** Branch displacement of B-form, sign-extended, low two bits clear. */
export const BD = (op: number): number => ((op & 0xfffc) << 16) >> 16;
/** Branch displacement of I-form, sign-extended, low two bits clear. */
export const LI = (op: number): number => ((op & 0x03fffffc) << 6) >> 6;
export const AA = (op: number): number => (op >>> 1) & 1;
export const LK = (op: number): number => op & 1;
export const Rc = (op: number): number => op & 1;
export const OE = (op: number): number => (op >>> 10) & 1;
export const crfD = (op: number): number => (op >>> 23) & 7;
export const crfS = (op: number): number => (op >>> 18) & 7;
export const L = (op: number): number => (op >>> 21) & 1;
export const crbD = rD;
export const crbA = rA;
export const crbB = rB;
export const CRM = (op: number): number => (op >>> 12) & 0xff;
export const FM = (op: number): number => (op >>> 17) & 0xff;
/** mtfsfi's 4-bit immediate, bits 16-19. */
export const IMM = (op: number): number => (op >>> 12) & 0xf;
/** The SPR number with its two 5-bit halves swapped back (Book I, mfspr). */
export const SPR = (op: number): number => ((op >>> 16) & 31) | (((op >>> 11) & 31) << 5);
export const TBR = SPR;
export const SR = (op: number): number => (op >>> 16) & 15;
/** Extended opcode of X/XL/XFX/XFL forms, bits 21-30. */
export const XO10 = (op: number): number => (op >>> 1) & 0x3ff;

/** MASK(MB, ME) for every pair: rotate-and-mask instructions look their mask up here. */
export const ROTATE_MASK: Int32Array = (() => {
  const table = new Int32Array(32 * 32);
  for (let mb = 0; mb < 32; mb++) {
    for (let me = 0; me < 32; me++) {
      let mask = 0;
      for (let bit = 0; bit < 32; bit++) {
        const inRange = mb <= me ? bit >= mb && bit <= me : bit >= mb || bit <= me;
        if (inRange) mask |= 1 << (31 - bit);
      }
      table[mb * 32 + me] = mask;
    }
  }
  return table;
})();

export const rotl32 = (value: number, n: number): number => (value << n) | (value >>> (32 - n));
