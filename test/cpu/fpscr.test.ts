/**
 * FPSCR and exception rules (Book I §4.2.2, §4.4; OEA §6.4.7-6.4.8): invalid, zero-divide,
 * overflow, underflow and inexact with their enables; FX on 0-to-1 transitions; the move-to/from
 * FPSCR instructions; the FP-unavailable and FP-enabled program exceptions with SRR0/SRR1;
 * bit-exact register moves, loads and stores; fctiw's high word and FPRF as 750 hardware
 * records them (the Dolphin project's hardware tests, cited case by case).
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Cpu } from "../../cpu/cpu.js";
import { ProgramCause, Vector } from "../../cpu/exceptions.js";
import { fprWords } from "../../cpu/fpu/bits.js";
import { MSR, SPR } from "../../cpu/spr.js";
import { executeOne, makeCpu } from "../support/cpu.js";

// FPSCR bits
const FX = 0x8000_0000;
const FEX = 0x4000_0000;
const VX = 0x2000_0000;
const OX = 0x1000_0000;
const UX = 0x0800_0000;
const ZX = 0x0400_0000;
const XX = 0x0200_0000;
const VXSNAN = 0x0100_0000;
const VXISI = 0x0080_0000;
const VXIDI = 0x0040_0000;
const VXZDZ = 0x0020_0000;
const VXIMZ = 0x0010_0000;
const VXVC = 0x0008_0000;
const FR = 0x0004_0000;
const FI = 0x0002_0000;
const FPRF = 0x0001_f000;
const VXSQRT = 0x0000_0200;
const VXCVI = 0x0000_0100;
const VE = 0x80;
const OE = 0x40;
const UE = 0x20;
const ZE = 0x10;
const XE = 0x08;
const NI = 0x04;

// FPRF values (C || FPCC) in place
const F_QNAN = 0x1_1000;
const F_POS_NORMAL = 0x0_4000;
const F_NEG_NORMAL = 0x0_8000;
const F_POS_INF = 0x0_5000;
const F_POS_ZERO = 0x0_2000;
const F_NEG_ZERO = 0x1_2000;
const F_POS_DENORMAL = 0x1_4000;
const F_NEG_DENORMAL = 0x1_8000;

// instruction encodings
const aForm = (opcd: number, xo: number, d: number, a: number, b: number, c = 0, rc = 0): number =>
  ((opcd << 26) | (d << 21) | (a << 16) | (b << 11) | (c << 6) | (xo << 1) | rc) >>> 0;
const x63 = (xo: number, d: number, a: number, b: number, rc = 0): number =>
  ((63 << 26) | (d << 21) | (a << 16) | (b << 11) | (xo << 1) | rc) >>> 0;
const x31 = (xo: number, s: number, a: number, b: number): number =>
  ((31 << 26) | (s << 21) | (a << 16) | (b << 11) | (xo << 1)) >>> 0;
const dForm = (opcd: number, t: number, a: number, d: number): number =>
  ((opcd << 26) | (t << 21) | (a << 16) | (d & 0xffff)) >>> 0;

const fadd = (d: number, a: number, b: number, rc = 0): number => aForm(63, 21, d, a, b, 0, rc);
const fadds = (d: number, a: number, b: number): number => aForm(59, 21, d, a, b);
const fsub = (d: number, a: number, b: number): number => aForm(63, 20, d, a, b);
const fmul = (d: number, a: number, c: number, rc = 0): number => aForm(63, 25, d, a, 0, c, rc);
const fmuls = (d: number, a: number, c: number): number => aForm(59, 25, d, a, 0, c);
const fdiv = (d: number, a: number, b: number): number => aForm(63, 18, d, a, b);
const fmadd = (d: number, a: number, c: number, b: number): number => aForm(63, 29, d, a, b, c);
const fsel = (d: number, a: number, c: number, b: number): number => aForm(63, 23, d, a, b, c);
const fres = (d: number, b: number): number => aForm(59, 24, d, 0, b);
const frsqrte = (d: number, b: number): number => aForm(63, 26, d, 0, b);
const fsqrt = (d: number, b: number): number => aForm(63, 22, d, 0, b);
const fsqrts = (d: number, b: number): number => aForm(59, 22, d, 0, b);
const frsp = (d: number, b: number): number => x63(12, d, 0, b);
const fctiw = (d: number, b: number): number => x63(14, d, 0, b);
const fctiwz = (d: number, b: number): number => x63(15, d, 0, b);
const fmr = (d: number, b: number): number => x63(72, d, 0, b);
const fneg = (d: number, b: number): number => x63(40, d, 0, b);
const fabs = (d: number, b: number): number => x63(264, d, 0, b);
const fnabs = (d: number, b: number): number => x63(136, d, 0, b);
const fcmpu = (crf: number, a: number, b: number): number => x63(0, crf << 2, a, b);
const fcmpo = (crf: number, a: number, b: number): number => x63(32, crf << 2, a, b);
const mffs = (d: number): number => x63(583, d, 0, 0);
const mcrfs = (crfD: number, crfS: number): number => x63(64, crfD << 2, crfS << 2, 0);
const mtfsb0 = (bit: number): number => x63(70, bit, 0, 0);
const mtfsb1 = (bit: number, rc = 0): number => x63(38, bit, 0, 0, rc);
const mtfsfi = (crf: number, imm: number, rc = 0): number => x63(134, crf << 2, 0, imm << 1, rc);
const mtfsf = (fm: number, b: number): number => ((63 << 26) | (fm << 17) | (b << 11) | (711 << 1)) >>> 0;
const lfs = (d: number, a: number, disp: number): number => dForm(48, d, a, disp);
const lfsu = (d: number, a: number, disp: number): number => dForm(49, d, a, disp);
const lfd = (d: number, a: number, disp: number): number => dForm(50, d, a, disp);
const stfs = (s: number, a: number, disp: number): number => dForm(52, s, a, disp);
const stfd = (s: number, a: number, disp: number): number => dForm(54, s, a, disp);
const stfdu = (s: number, a: number, disp: number): number => dForm(55, s, a, disp);
const lfdx = (d: number, a: number, b: number): number => x31(599, d, a, b);
const stfiwx = (s: number, a: number, b: number): number => x31(983, s, a, b);

const view = new DataView(new ArrayBuffer(8));
const bitsOf = (x: number): bigint => {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
};
const valueOf = (bits: bigint): number => {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
};

let cpu: Cpu;

function set(n: number, value: number | bigint): void {
  const bits = typeof value === "bigint" ? value : bitsOf(value);
  const words = fprWords(cpu);
  words[2 * n + 1] = Number(bits >> 32n);
  words[2 * n] = Number(bits & 0xffff_ffffn);
}

function get(n: number): bigint {
  const words = fprWords(cpu);
  return (BigInt(words[2 * n + 1]) << 32n) | BigInt(words[2 * n]);
}

const getValue = (n: number): number => valueOf(get(n));

function exec(word: number, fpscr?: number): void {
  if (fpscr !== undefined) cpu.fpscr = fpscr;
  executeOne(cpu, word);
}

const SENTINEL = 0x1234_5678_9abc_def0n;
const SNAN = 0x7ff4_0000_0000_0001n;
const QNAN_PAYLOAD = 0xfff8_1234_5678_9abcn;

beforeEach(() => {
  cpu = makeCpu(1 << 20, "750");
  cpu.setMsr(MSR.FP);
  cpu.cr = 0;
});

describe("invalid operation", () => {
  const cases: [string, number, number | bigint, number | bigint, number | bigint, number][] = [
    ["inf - inf", fsub(1, 2, 3), Infinity, Infinity, 0, VXISI],
    ["inf * 0", fmul(1, 2, 4), Infinity, 0, 0, VXIMZ],
    ["inf / inf", fdiv(1, 2, 3), -Infinity, Infinity, 0, VXIDI],
    ["0 / 0", fdiv(1, 2, 3), 0, -0, 0, VXZDZ],
    ["SNaN operand", fadd(1, 2, 3), 1, SNAN, 0, VXSNAN],
    ["fmadd inf*0 + 1", fmadd(1, 2, 4, 3), 0, 1, Infinity, VXIMZ],
    ["fmadd inf*1 - inf", fmadd(1, 2, 4, 3), Infinity, -Infinity, 1, VXISI],
  ];

  for (const [name, word, a, b, c, cause] of cases) {
    it(`${name}: VE=0 gives the default QNaN (or the quieted SNaN), FPRF QNaN, FR FI cleared`, () => {
      set(1, SENTINEL);
      set(2, a);
      set(3, b);
      set(4, c);
      exec(word, FR | FI);
      const expectedResult = cause === VXSNAN ? 0x7ffc_0000_0000_0001n : 0x7ff8_0000_0000_0000n;
      expect(get(1)).toBe(expectedResult);
      expect(cpu.fpscr >>> 0).toBe((FX | VX | cause | F_QNAN) >>> 0);
    });

    it(`${name}: VE=1 leaves frD and FPRF unchanged, sets FEX; no trap with MSR[FE0,FE1]=0`, () => {
      set(1, SENTINEL);
      set(2, a);
      set(3, b);
      set(4, c);
      exec(word, VE | FR | FI | F_NEG_DENORMAL);
      expect(get(1)).toBe(SENTINEL);
      expect(cpu.fpscr >>> 0).toBe((FX | FEX | VX | cause | F_NEG_DENORMAL | VE) >>> 0);
      expect(cpu.pc).toBe(0x1004);
    });
  }

  it("fmadd with inf*0 and a QNaN addend: the addend propagates, VXIMZ is still set", () => {
    set(2, Infinity);
    set(4, 0);
    set(3, QNAN_PAYLOAD);
    exec(fmadd(1, 2, 4, 3), 0);
    expect(get(1)).toBe(QNAN_PAYLOAD);
    expect(cpu.fpscr >>> 0).toBe((FX | VX | VXIMZ | F_QNAN) >>> 0);
  });

  it("NaN priority is frA, then frB, then frC; single precision cuts the payload to 23 bits", () => {
    set(2, 0x7ff8_0000_0000_00aan);
    set(3, 0x7ff8_0000_0000_00bbn);
    set(4, 0x7ff8_0000_0000_00ccn);
    exec(fmadd(1, 2, 4, 3), 0);
    expect(get(1)).toBe(0x7ff8_0000_0000_00aan);
    set(2, 1);
    exec(fmadd(1, 2, 4, 3), 0);
    expect(get(1)).toBe(0x7ff8_0000_0000_00bbn);
    set(3, 1);
    exec(fmadd(1, 2, 4, 3), 0);
    expect(get(1)).toBe(0x7ff8_0000_0000_00ccn);
    set(2, 0xfff4_5678_9abc_def0n); // negative SNaN through a single-precision add
    exec(fadds(1, 2, 3), 0);
    expect(get(1)).toBe(0xfffc_5678_8000_0000n);
  });

  it("fnmadd keeps a propagated NaN's sign", () => {
    set(2, 1);
    set(4, 1);
    set(3, 0x7ff8_0000_0000_0001n);
    exec(aForm(63, 31, 1, 2, 3, 4), 0);
    expect(get(1)).toBe(0x7ff8_0000_0000_0001n);
  });

  it("fcmpo: QNaN sets VXVC; SNaN sets VXSNAN and, only with VE=0, VXVC; CR and FPCC unordered", () => {
    set(2, QNAN_PAYLOAD);
    set(3, 1);
    exec(fcmpo(3, 2, 3), 0);
    expect(cpu.getCrField(3)).toBe(1);
    expect(cpu.fpscr >>> 0).toBe((FX | VX | VXVC | 0x1000) >>> 0);
    set(2, SNAN);
    exec(fcmpo(3, 2, 3), VE);
    expect(cpu.fpscr >>> 0).toBe((FX | FEX | VX | VXSNAN | 0x1000 | VE) >>> 0);
    exec(fcmpu(3, 2, 3), 0);
    expect(cpu.fpscr >>> 0).toBe((FX | VX | VXSNAN | 0x1000) >>> 0);
  });

  it("fcmpu leaves FPRF's class bit alone and orders -0 = +0", () => {
    set(2, -0);
    set(3, 0);
    exec(fcmpu(7, 2, 3), F_QNAN);
    expect(cpu.getCrField(7)).toBe(2);
    expect(cpu.fpscr >>> 0).toBe(0x1_2000);
    set(2, -1);
    exec(fcmpu(0, 2, 3), 0);
    expect(cpu.getCrField(0)).toBe(8);
  });

  it("frsqrte of a negative number: VXSQRT; of -0: ZX and -infinity", () => {
    set(3, -4);
    exec(frsqrte(1, 3), 0);
    expect(get(1)).toBe(0x7ff8_0000_0000_0000n);
    expect(cpu.fpscr >>> 0).toBe((FX | VX | VXSQRT | F_QNAN) >>> 0);
    set(3, -0);
    exec(frsqrte(1, 3), 0);
    expect(getValue(1)).toBe(-Infinity);
    expect(cpu.fpscr & (ZX | FX)).toBe((ZX | FX) | 0);
  });
});

describe("zero divide", () => {
  it("ZE=0: a signed infinity; ZE=1: frD unchanged, FEX", () => {
    set(2, -3);
    set(3, 0);
    set(1, SENTINEL);
    exec(fdiv(1, 2, 3), 0);
    expect(getValue(1)).toBe(-Infinity);
    expect(cpu.fpscr >>> 0).toBe((FX | ZX | 0x0_9000) >>> 0);
    set(1, SENTINEL);
    exec(fdiv(1, 2, 3), ZE | F_POS_NORMAL | FR);
    expect(get(1)).toBe(SENTINEL);
    expect(cpu.fpscr >>> 0).toBe((FX | FEX | ZX | ZE | F_POS_NORMAL) >>> 0);
  });

  it("infinity divided by zero is an exact infinity, not a zero divide", () => {
    set(2, Infinity);
    set(3, -0);
    exec(fdiv(1, 2, 3), ZE);
    expect(getValue(1)).toBe(-Infinity);
    expect(cpu.fpscr >>> 0).toBe((ZE | 0x0_9000) >>> 0);
  });

  it("fres of zero: ZX and an infinity", () => {
    set(3, 0);
    exec(fres(1, 3), 0);
    expect(getValue(1)).toBe(Infinity);
    expect(cpu.fpscr >>> 0).toBe((FX | ZX | F_POS_INF) >>> 0);
  });
});

describe("overflow and underflow", () => {
  it("OE=0: infinity (nearest), OX XX FI; OE=1: the result scaled by 2^-1536, OX, FEX", () => {
    set(2, 2 ** 1000);
    set(4, 3 * 2 ** 100);
    exec(fmul(1, 2, 4), 0);
    expect(getValue(1)).toBe(Infinity);
    expect(cpu.fpscr >>> 0).toBe((FX | OX | XX | FI | F_POS_INF) >>> 0);
    exec(fmul(1, 2, 4), OE);
    expect(getValue(1)).toBe(3 * 2 ** (1100 - 1536));
    expect(cpu.fpscr >>> 0).toBe((FX | FEX | OX | OE | F_POS_NORMAL) >>> 0);
  });

  it("single precision overflow with OE=1 scales by 2^-192", () => {
    set(2, 2 ** 100);
    set(4, 2 ** 100);
    exec(fmuls(1, 2, 4), OE);
    expect(getValue(1)).toBe(2 ** (200 - 192));
    expect(cpu.fpscr & (OX | FEX)).toBe((OX | FEX) | 0);
  });

  it("UE=0: an exact tiny result raises no underflow; an inexact one raises UX and XX", () => {
    set(2, 2 ** -1060);
    set(4, 2 ** -3);
    exec(fmul(1, 2, 4), 0);
    expect(getValue(1)).toBe(2 ** -1063);
    expect(cpu.fpscr >>> 0).toBe(F_POS_DENORMAL);
    set(4, 3 * 2 ** -20);
    exec(fmul(1, 2, 4), 0); // 3 * 2^-1080: below the least denormal
    expect(getValue(1)).toBe(0);
    expect(cpu.fpscr >>> 0).toBe((FX | UX | XX | FI | F_POS_ZERO) >>> 0);
  });

  it("UE=1: a tiny result is scaled by 2^1536 and raises UX even when exact", () => {
    set(2, 2 ** -1060);
    set(4, 2 ** -3);
    exec(fmul(1, 2, 4), UE);
    expect(getValue(1)).toBe(2 ** (-1063 + 1536));
    expect(cpu.fpscr >>> 0).toBe((FX | FEX | UX | UE | F_POS_NORMAL) >>> 0);
  });

  it("single-precision results are classified as singles: a single denormal is FPRF denormal", () => {
    set(2, 2 ** -140);
    set(3, 0);
    exec(fadds(1, 2, 3), 0);
    expect(getValue(1)).toBe(2 ** -140);
    expect(cpu.fpscr >>> 0).toBe(F_POS_DENORMAL);
    set(2, -(2 ** -140));
    exec(fadd(1, 2, 3), 0);
    expect(cpu.fpscr >>> 0).toBe(F_NEG_NORMAL);
  });

  it("FPRF for fadd x + -0 on the values the Dolphin hardware test uses", () => {
    const table: [number | bigint, number][] = [
      [-Infinity, 0x0_9000], [-1, F_NEG_NORMAL], [-(2 ** -1074), F_NEG_DENORMAL], [-0, F_NEG_ZERO],
      [0, F_POS_ZERO], [2 ** -1074, F_POS_DENORMAL], [1, F_POS_NORMAL], [Infinity, F_POS_INF],
      [0x7ff8_0000_0000_0000n, F_QNAN],
    ];
    for (const [input, fprf] of table) {
      set(2, input);
      set(3, -0);
      exec(fadd(1, 2, 3), 0);
      expect(cpu.fpscr & FPRF).toBe(fprf);
    }
  });
});

describe("inexact, FX and the summaries", () => {
  it("XE=1 with an inexact result sets FEX; FX is set only when an exception bit goes from 0 to 1", () => {
    set(2, 1);
    set(3, 2 ** -60);
    exec(fadd(1, 2, 3), XE);
    expect(cpu.fpscr >>> 0).toBe((FX | FEX | XX | FI | XE | F_POS_NORMAL) >>> 0);
    exec(mtfsb0(0));
    expect(cpu.fpscr & FX).toBe(0);
    exec(fadd(1, 2, 3));
    expect(cpu.fpscr & FX).toBe(0); // XX was already set
  });

  it("Rc=1 copies FX FEX VX OX into CR1", () => {
    set(2, 2 ** 1000);
    set(4, 2 ** 1000);
    exec(fmul(1, 2, 4, 1), 0);
    expect(cpu.getCrField(1)).toBe(0b1001);
    set(2, 1);
    exec(fadd(1, 2, 2, 1), 0);
    expect(cpu.getCrField(1)).toBe(0);
    cpu.fpscr = (FX | VX | 0x0100_0000) >>> 0 | 0;
    exec(fmr(1, 2) | 1);
    expect(cpu.getCrField(1)).toBe(0b1010);
  });
});

describe("FPSCR instructions", () => {
  it("mtfsfi into every field sets all but bit 20 (Dolphin hardware test: 0xFFFFF7FF), then clears", () => {
    for (let field = 0; field < 8; field++) exec(mtfsfi(field, 15));
    expect(cpu.fpscr >>> 0).toBe(0xffff_f7ff);
    for (let field = 0; field < 8; field++) exec(mtfsfi(field, 0));
    expect(cpu.fpscr >>> 0).toBe(0);
  });

  it("mtfsb1 of an exception bit sets FX; bits 1 and 2 cannot be set or cleared directly", () => {
    exec(mtfsb1(3), 0);
    expect(cpu.fpscr >>> 0).toBe((FX | OX) >>> 0);
    exec(mtfsb1(23), 0);
    expect(cpu.fpscr >>> 0).toBe((FX | VX | VXCVI) >>> 0);
    exec(mtfsb1(1), 0);
    exec(mtfsb1(2));
    expect(cpu.fpscr >>> 0).toBe(0);
    exec(mtfsb1(20));
    expect(cpu.fpscr >>> 0).toBe(0);
    exec(mtfsb1(24), 0);
    expect(cpu.fpscr >>> 0).toBe(VE);
    exec(mtfsb1(7), VE);
    exec(mtfsb0(1));
    exec(mtfsb0(2));
    expect(cpu.fpscr >>> 0).toBe((FX | FEX | VX | VXSNAN | VE) >>> 0);
  });

  it("mtfsf takes FEX and VX from the other bits, not from frB", () => {
    set(2, 0x0000_0000_6000_0000n);
    exec(mtfsf(0xff, 2), 0);
    expect(cpu.fpscr >>> 0).toBe(0);
    set(2, 0x0000_0000_0100_0080n);
    exec(mtfsf(0xff, 2), 0);
    expect(cpu.fpscr >>> 0).toBe((FEX | VX | VXSNAN | VE) >>> 0);
    set(2, 0x0000_0000_ffff_ffffn);
    exec(mtfsf(0x01, 2), 0);
    expect(cpu.fpscr >>> 0).toBe(0xf);
  });

  it("mcrfs copies a field and clears the exception bits it copied", () => {
    cpu.fpscr = (FX | VX | OX | UX | ZX | VXSNAN | VXISI | FR | FI) | 0;
    exec(mcrfs(2, 0));
    expect(cpu.getCrField(2)).toBe(0b1011); // FX, VX (from VXSNAN/VXISI), OX
    expect(cpu.fpscr >>> 0).toBe((VX | UX | ZX | VXSNAN | VXISI | FR | FI) >>> 0);
    exec(mcrfs(3, 1));
    expect(cpu.getCrField(3)).toBe(0b1101);
    expect(cpu.fpscr >>> 0).toBe((VX | VXISI | FR | FI) >>> 0);
    exec(mcrfs(4, 3));
    expect(cpu.fpscr >>> 0).toBe((VX | VXISI | FR | FI) >>> 0);
  });

  it("mffs puts the FPSCR in the low word; the high word is 0xFFF80000", () => {
    cpu.fpscr = 0x1234_5678 & ~0x800;
    exec(mffs(5));
    expect(get(5)).toBe(0xfff8_0000_0000_0000n | BigInt((0x1234_5678 & ~0x800) >>> 0));
  });
});

describe("exceptions", () => {
  it("MSR[FP]=0: FP unavailable for arithmetic, loads and stores, with nothing written", () => {
    cpu.setMsr(0);
    set(1, SENTINEL);
    cpu.gpr[3] = 0x2000;
    cpu.mmu.phys.write32(0x2000, 0x3f80_0000);
    for (const word of [fadd(1, 2, 3), lfsu(1, 3, 0), mffs(1), mtfsfi(7, 3), fmr(1, 2)]) {
      cpu.setMsr(0);
      exec(word, 0);
      expect(cpu.spr[SPR.SRR0]).toBe(0x1000);
      expect(cpu.pc).toBe(Vector.FPUnavailable);
      expect(get(1)).toBe(SENTINEL);
      expect(cpu.gpr[3]).toBe(0x2000);
      expect(cpu.fpscr).toBe(0);
    }
    cpu.setMsr(0);
    set(1, 1);
    exec(stfd(1, 3, 8));
    expect(cpu.pc).toBe(Vector.FPUnavailable);
    expect(cpu.mmu.phys.read32(0x2008)).toBe(0);
  });

  it("an enabled exception with MSR[FE0] or MSR[FE1] takes the program exception (FP-enabled) after writing", () => {
    for (const fe of [MSR.FE0, MSR.FE1, MSR.FE0 | MSR.FE1]) {
      cpu.setMsr(MSR.FP | fe);
      set(2, 2 ** 1000);
      set(4, 2 ** 1000);
      exec(fmul(1, 2, 4, 1), OE);
      expect(cpu.pc).toBe(Vector.Program);
      expect(cpu.spr[SPR.SRR0]).toBe(0x1000);
      expect(cpu.spr[SPR.SRR1] & ProgramCause.FloatingPointEnabled).toBe(ProgramCause.FloatingPointEnabled);
      expect(cpu.spr[SPR.SRR1] & (MSR.FP | fe)).toBe(MSR.FP | fe);
      expect(getValue(1)).toBe(2 ** (2000 - 1536)); // the OE=1 result is delivered
      expect(cpu.getCrField(1)).toBe(0b1101);
    }
  });

  it("no trap when the exception is disabled, or when MSR[FE0,FE1]=0", () => {
    cpu.setMsr(MSR.FP | MSR.FE0 | MSR.FE1);
    set(2, 1);
    set(3, 0);
    exec(fdiv(1, 2, 3), 0);
    expect(cpu.pc).toBe(0x1004);
    cpu.setMsr(MSR.FP);
    exec(fdiv(1, 2, 3), ZE);
    expect(cpu.pc).toBe(0x1004);
  });

  it("mtfsb1 / mtfsfi that leave an exception and its enable set trap with MSR[FE0,FE1] set", () => {
    cpu.setMsr(MSR.FP | MSR.FE0 | MSR.FE1);
    exec(mtfsb1(6), XE);
    expect(cpu.pc).toBe(Vector.Program);
    expect(cpu.spr[SPR.SRR1] & ProgramCause.FloatingPointEnabled).toBe(ProgramCause.FloatingPointEnabled);
    expect(cpu.fpscr >>> 0).toBe((FX | FEX | XX | XE) >>> 0);
    cpu.setMsr(MSR.FP | MSR.FE0 | MSR.FE1);
    exec(mtfsfi(6, 0), 0); // clears nothing relevant: FPSCR stays clear
    expect(cpu.pc).toBe(0x1004);
  });

  it("misaligned FP loads and stores take the alignment exception", () => {
    cpu.gpr[3] = 0x2002;
    set(1, SENTINEL);
    exec(lfd(1, 3, 0));
    expect(cpu.pc).toBe(Vector.Alignment);
    expect(cpu.spr[SPR.DAR]).toBe(0x2002);
    expect(get(1)).toBe(SENTINEL);
  });

  it("fsqrt and fsqrts are illegal on the 750 and the 7400", () => {
    for (const model of ["750", "7400"] as const) {
      cpu = makeCpu(1 << 16, model);
      cpu.setMsr(MSR.FP);
      for (const word of [fsqrt(1, 2), fsqrts(1, 2)]) {
        exec(word);
        expect(cpu.pc).toBe(Vector.Program);
        expect(cpu.spr[SPR.SRR1] & ProgramCause.IllegalInstruction).toBe(ProgramCause.IllegalInstruction);
        cpu.setMsr(MSR.FP);
      }
    }
  });
});

describe("moves, loads and stores keep bits exact", () => {
  it("fmr, fneg, fabs, fnabs, fsel move NaN payloads and SNaNs untouched, without FPSCR changes", () => {
    set(2, SNAN);
    exec(fmr(1, 2), 0);
    expect(get(1)).toBe(SNAN);
    exec(fneg(1, 2));
    expect(get(1)).toBe(SNAN | (1n << 63n));
    exec(fnabs(1, 2));
    expect(get(1)).toBe(SNAN | (1n << 63n));
    set(2, SNAN | (1n << 63n));
    exec(fabs(1, 2));
    expect(get(1)).toBe(SNAN);
    expect(cpu.fpscr).toBe(0);
    set(5, -0);
    set(6, SNAN);
    set(7, QNAN_PAYLOAD);
    exec(fsel(1, 5, 6, 7));
    expect(get(1)).toBe(SNAN); // -0 >= 0
    set(5, QNAN_PAYLOAD);
    exec(fsel(1, 5, 6, 7));
    expect(get(1)).toBe(QNAN_PAYLOAD); // NaN selects frB
    set(5, -1);
    exec(fsel(1, 5, 6, 7));
    expect(get(1)).toBe(QNAN_PAYLOAD);
    expect(cpu.fpscr).toBe(0);
  });

  it("lfs converts exactly: normals, denormals, signed zero, SNaN payloads", () => {
    const singles: [number, bigint][] = [
      [0x3f80_0000, 0x3ff0_0000_0000_0000n],
      [0x0000_0001, 0x36a0_0000_0000_0000n], // 2^-149
      [0x8040_0000, 0xb800_0000_0000_0000n], // -2^-127
      [0x807f_ffff, 0xb80f_ffff_c000_0000n],
      [0x8000_0000, 0x8000_0000_0000_0000n],
      [0x7f80_0001, 0x7ff0_0000_2000_0000n], // SNaN stays signalling
      [0xffc0_0123, 0xfff8_0024_6000_0000n],
      [0x7f7f_ffff, 0x47ef_ffff_e000_0000n],
    ];
    cpu.gpr[3] = 0x2000;
    for (const [word, bits] of singles) {
      cpu.mmu.phys.write32(0x2000, word);
      exec(lfs(1, 3, 0), 0);
      expect(get(1)).toBe(bits);
      exec(stfs(1, 3, 4));
      expect(cpu.mmu.phys.read32(0x2004) >>> 0).toBe(word >>> 0);
    }
    expect(cpu.fpscr).toBe(0);
  });

  it("stfs of out-of-range doubles: the architecture's bit selection, denormalised by truncation", () => {
    const stores: [bigint, number][] = [
      [bitsOf(1e300), 0x4000_0000 | Number((bitsOf(1e300) >> 29n) & 0x3fff_ffffn)], // too large: bits 0-1, 5-34
      [bitsOf(2 ** -127 * 1.75), 0x0070_0000], // exponent 896: one-bit shift
      [bitsOf(-(2 ** -149)), 0x8000_0001], // exponent 874
      [bitsOf(2 ** -150), Number((bitsOf(2 ** -150) >> 29n) & 0x3fff_ffffn)], // below 874: the 750's bit selection
      [bitsOf(1 + 2 ** -30), 0x3f80_0000], // no rounding
      [0x7ff0_0000_2000_0001n, 0x7f80_0001],
    ];
    cpu.gpr[3] = 0x2000;
    for (const [bits, word] of stores) {
      set(1, bits);
      exec(stfs(1, 3, 0), 0);
      expect(cpu.mmu.phys.read32(0x2000) >>> 0).toBe(word >>> 0);
    }
  });

  it("lfd/stfd/stfdu/lfdx/stfiwx move doublewords and words bit for bit", () => {
    cpu.gpr[3] = 0x2000;
    cpu.gpr[4] = 8;
    set(1, SNAN);
    exec(stfdu(1, 3, 16), 0);
    expect(cpu.gpr[3]).toBe(0x2010);
    expect(cpu.mmu.phys.read32(0x2010) >>> 0).toBe(0x7ff4_0000);
    expect(cpu.mmu.phys.read32(0x2014)).toBe(1);
    cpu.gpr[3] = 0x2008;
    exec(lfdx(2, 3, 4));
    expect(get(2)).toBe(SNAN);
    set(3, 0xfff8_0000_8000_0000n);
    exec(stfiwx(3, 0, 3));
    expect(cpu.mmu.phys.read32(0x2008) >>> 0).toBe(0x8000_0000);
  });
});

describe("conversions and estimates", () => {
  it("fctiwz: the 750's high word, per the Dolphin project's hardware test table", () => {
    const table: [bigint, bigint][] = [
      [0x0000_0000_0000_0000n, 0xfff8_0000_0000_0000n],
      [0x8000_0000_0000_0000n, 0xfff8_0001_0000_0000n],
      [0x0000_0000_0000_0001n, 0xfff8_0000_0000_0000n],
      [0x000f_ffff_ffff_ffffn, 0xfff8_0000_0000_0000n],
      [0x3ff0_0000_0000_0000n, 0xfff8_0000_0000_0001n],
      [0xbff0_0000_0000_0000n, 0xfff8_0000_ffff_ffffn],
      [0xc1e0_0000_0000_0000n, 0xfff8_0000_8000_0000n],
      [0x41df_ffff_ffc0_0000n, 0xfff8_0000_7fff_ffffn],
      [0x7ff0_0000_0000_0000n, 0xfff8_0000_7fff_ffffn],
      [0xfff0_0000_0000_0000n, 0xfff8_0000_8000_0000n],
      [0xfff8_0000_0000_0000n, 0xfff8_0000_8000_0000n],
      [0xfff4_0000_0000_0000n, 0xfff8_0000_8000_0000n],
    ];
    for (const [input, output] of table) {
      set(2, input);
      exec(fctiwz(1, 2), 0);
      expect(get(1)).toBe(output);
    }
  });

  it("fctiw rounds in the FPSCR mode and reports FI/FR/XX; out of range is VXCVI", () => {
    const rounding: [number, number, number][] = [
      [2.5, 0, 2], [3.5, 0, 4], [-2.5, 0, -2], [2.7, 1, 2], [-2.7, 1, -2], [2.1, 2, 3], [-2.1, 3, -3], [-0.3, 0, 0],
    ];
    for (const [input, mode, output] of rounding) {
      set(2, input);
      exec(fctiw(1, 2), mode);
      expect(Number(BigInt.asIntN(32, get(1) & 0xffff_ffffn))).toBe(output);
      const up = Math.abs(output) > Math.abs(input);
      expect(cpu.fpscr >>> 0).toBe(((FX | XX | FI | (up ? FR : 0) | mode) >>> 0));
    }
    set(2, -0.3);
    exec(fctiw(1, 2), 0);
    expect(get(1)).toBe(0xfff8_0001_0000_0000n);
    set(2, 2147483647.6);
    exec(fctiw(1, 2), 0);
    expect(get(1)).toBe(0xfff8_0000_7fff_ffffn);
    expect(cpu.fpscr >>> 0).toBe((FX | VX | VXCVI) >>> 0);
    set(1, SENTINEL);
    exec(fctiw(1, 2), VE | F_POS_ZERO);
    expect(get(1)).toBe(SENTINEL);
    expect(cpu.fpscr >>> 0).toBe((FX | FEX | VX | VXCVI | VE | F_POS_ZERO) >>> 0);
  });

  it("fres and frsqrte are within the architecture's bounds (1/256, 1/32) and handle special values", () => {
    for (const x of [1, 3, 0.1, 7e-30, -123.456, 2 ** 100, 1.5e38]) {
      set(3, x);
      exec(fres(1, 3), 0);
      expect(Math.abs(getValue(1) * x - 1)).toBeLessThan(1 / 256);
      expect(Math.fround(getValue(1))).toBe(getValue(1));
      expect(cpu.fpscr & (XX | FI | FR)).toBe(0);
    }
    for (const x of [1, 2, 0.1, 7e-300, 1e300, 2 ** -1074]) {
      set(3, x);
      exec(frsqrte(1, 3), 0);
      expect(Math.abs(getValue(1) * Math.sqrt(x) - 1)).toBeLessThan(1 / 32);
    }
    set(3, Infinity);
    exec(frsqrte(1, 3), 0);
    expect(get(1)).toBe(0n);
    set(3, -Infinity);
    exec(fres(1, 3), 0);
    expect(get(1)).toBe(1n << 63n);
    set(3, 2 ** -130);
    exec(fres(1, 3), 0); // 2^130 overflows single
    expect(getValue(1)).toBe(Infinity);
    expect(cpu.fpscr & (OX | XX)).toBe(OX);
  });

  it("frsp rounds once to single in the FPSCR mode", () => {
    const value = 1 + 2 ** -24 + 2 ** -50; // just above a single midpoint
    set(2, value);
    exec(frsp(1, 2), 0);
    expect(getValue(1)).toBe(1 + 2 ** -23);
    expect(cpu.fpscr >>> 0).toBe((FX | XX | FI | FR | F_POS_NORMAL) >>> 0);
    exec(frsp(1, 2), 1);
    expect(getValue(1)).toBe(1);
    set(2, SNAN);
    exec(frsp(1, 2), 0);
    expect(get(1)).toBe(0x7ffc_0000_0000_0000n);
  });
});

describe("non-IEEE mode (FPSCR[NI]=1)", () => {
  it("denormal operands are taken as zero and denormal results delivered as zero", () => {
    set(2, 2 ** -1060);
    set(3, 1);
    exec(fmul(1, 3, 2), NI);
    expect(get(1)).toBe(0n);
    set(4, 2 ** -1000);
    set(5, 2 ** -30);
    exec(fmul(1, 4, 5), NI); // 2^-1030: would be denormal
    expect(get(1)).toBe(0n);
    expect(cpu.fpscr & (UX | XX)).toBe((UX | XX) | 0);
    exec(fadd(1, 3, 2), NI);
    expect(getValue(1)).toBe(1);
  });
});

describe("the 750's single-precision multiplier", () => {
  it("rounds frC to 25 bits on the 750 (fmuls 0.25 * 0.35 is exact), uses all of it on the 7400", () => {
    set(2, 0.25);
    set(4, 0.35);
    exec(fmuls(1, 2, 4), 0);
    expect(get(1)).toBe(0x3fb6_6666_6000_0000n);
    expect(cpu.fpscr >>> 0).toBe(F_POS_NORMAL);
    cpu = makeCpu(1 << 16, "7400");
    cpu.setMsr(MSR.FP);
    set(2, 0.25);
    set(4, 0.35);
    exec(fmuls(1, 2, 4), 0);
    expect(get(1)).toBe(0x3fb6_6666_6000_0000n);
    expect(cpu.fpscr >>> 0).toBe((FX | XX | FI | F_POS_NORMAL) >>> 0);
  });
});
