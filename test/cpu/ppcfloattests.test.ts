/**
 * The DingusPPC floating-point vectors: results recorded on 750-family hardware (a 750CL). Each
 * line runs one instruction with f3 = 0, f4 = frA, f5 = frB, f6 = frC, CR = 0 and FPSCR = the
 * line's rounding mode (VEN: round to nearest with VE=1), then compares f3's bits (not for
 * compares), the FPSCR and the CR. They run on the 750 model: the 750's single-precision
 * multiplier rounds frC to 25 bits, which these vectors show (fmuls 0.25 * 0.35 is exact).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fprWords } from "../../cpu/fpu/bits.js";
import { MSR } from "../../cpu/spr.js";
import { executeOne, makeCpu } from "../support/cpu.js";
import { sharedFile } from "../support/shared.js";
import { csvLines, keyValues } from "../support/csv-vectors.js";

const path = sharedFile("vectors/dingusppc/ppcfloattests.csv");

interface Vector {
  line: number;
  mnemonic: string;
  opcode: number;
  fields: Map<string, string>;
}

const NAMED: Record<string, bigint> = {
  // x86's std::numeric_limits<double> values, as the recording harness used them.
  snan: 0x7ff4_0000_0000_0000n,
  qnan: 0x7ff8_0000_0000_0000n,
  inf: 0x7ff0_0000_0000_0000n,
  "-inf": 0xfff0_0000_0000_0000n,
};

const view = new DataView(new ArrayBuffer(8));

function bitsOfDouble(value: number): bigint {
  view.setFloat64(0, value);
  return view.getBigUint64(0);
}

function operandBits(text: string): bigint {
  const named = NAMED[text];
  if (named !== undefined) return named;
  const negative = text.startsWith("-");
  const name = negative ? text.slice(1) : text;
  const limits: Record<string, number> = {
    FLT_MAX: (2 - 2 ** -23) * 2 ** 127,
    FLT_MIN: 2 ** -126,
    DBL_MAX: Number.MAX_VALUE,
    DBL_MIN: 2 ** -1022,
  };
  const value = limits[name] !== undefined ? limits[name] : Number.parseFloat(name);
  if (Number.isNaN(value)) throw new Error(`unparsed operand ${text}`);
  return bitsOfDouble(negative ? -value : value);
}

const ROUNDING: Record<string, number> = { RTN: 0, RTZ: 1, RPI: 2, RNI: 3, VEN: 0x80 };

function parse(text: string): Vector[] {
  return csvLines(text).map(({ line, cells: [mnemonic, opcode, ...rest] }) => ({
    line, mnemonic, opcode: Number.parseInt(opcode, 16) >>> 0, fields: keyValues(rest),
  }));
}

const hex = (n: bigint | number, digits: number): string => `0x${n.toString(16).toUpperCase().padStart(digits, "0")}`;

describe.skipIf(path === undefined)("DingusPPC floating-point vectors (750CL hardware)", () => {
  const vectors = parse(path === undefined ? "" : readFileSync(path, "utf8"));

  it("has the whole file", () => {
    expect(vectors.length).toBe(2054);
  });

  it("every vector matches: frD bits, FPSCR and CR", () => {
    const cpu = makeCpu(1 << 20, "750");
    const words = fprWords(cpu);
    const setFpr = (n: number, bits: bigint): void => {
      words[2 * n + 1] = Number(bits >> 32n);
      words[2 * n] = Number(bits & 0xffff_ffffn);
    };
    const failures: string[] = [];
    for (const v of vectors) {
      setFpr(3, 0n);
      setFpr(4, operandBits(v.fields.get("frA") ?? "0.0"));
      setFpr(5, operandBits(v.fields.get("frB") ?? "0.0"));
      setFpr(6, operandBits(v.fields.get("frC") ?? "0.0"));
      const round = v.fields.get("round");
      if (round !== undefined && ROUNDING[round] === undefined) throw new Error(`line ${v.line}: rounding ${round}`);
      cpu.fpscr = round === undefined ? 0 : ROUNDING[round];
      cpu.cr = 0;
      cpu.setMsr(cpu.msr | MSR.FP);
      executeOne(cpu, v.opcode);
      const got = {
        frD: (BigInt(words[7]) << 32n) | BigInt(words[6]),
        fpscr: cpu.fpscr >>> 0,
        cr: cpu.cr >>> 0,
      };
      const want = {
        frD: BigInt(v.fields.get("frD") ?? "0"),
        fpscr: Number.parseInt(v.fields.get("FPSCR") ?? "", 16) >>> 0,
        cr: Number.parseInt(v.fields.get("CR") ?? "", 16) >>> 0,
      };
      const isCompare = v.mnemonic.startsWith("FCMP");
      if ((!isCompare && got.frD !== want.frD) || got.fpscr !== want.fpscr || got.cr !== want.cr) {
        failures.push(
          `line ${v.line} ${v.mnemonic} ${[...v.fields].map(([k, x]) => `${k}=${x}`).join(",")}: ` +
            `got frD ${hex(got.frD, 16)} FPSCR ${hex(got.fpscr, 8)} CR ${hex(got.cr, 8)}`,
        );
      }
    }
    expect(failures.slice(0, 30), `${failures.length} of ${vectors.length} failed`).toEqual([]);
  });
});
