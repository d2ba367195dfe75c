/**
 * The DingusPPC integer vectors: results recorded on 750-family hardware. Each line runs one
 * instruction with r3 = rA, r4 = rB, XER = 0 and CR = 0, then compares rD (r3), XER and CR.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { executeOne, makeCpu } from "../support/cpu.js";
import { sharedFile } from "../support/shared.js";
import { csvLines, keyValues } from "../support/csv-vectors.js";

const path = sharedFile("vectors/dingusppc/ppcinttests.csv");

interface Vector {
  line: number;
  mnemonic: string;
  opcode: number;
  fields: Map<string, number>;
}

function parse(text: string): Vector[] {
  return csvLines(text).map(({ line, cells: [mnemonic, opcode, ...rest] }) => ({
    line,
    mnemonic,
    opcode: Number.parseInt(opcode, 16) >>> 0,
    fields: new Map([...keyValues(rest)].map(([key, value]) => [key, Number.parseInt(value, 16) >>> 0])),
  }));
}

describe.skipIf(path === undefined)("DingusPPC integer vectors (750CL hardware)", () => {
  const vectors = parse(path === undefined ? "" : readFileSync(path, "utf8"));

  it("has the whole file", () => {
    expect(vectors.length).toBe(5620);
  });

  it("every vector matches", () => {
    const cpu = makeCpu();
    const failures: string[] = [];
    for (const v of vectors) {
      cpu.gpr.fill(0);
      cpu.gpr[3] = v.fields.get("rA") ?? 0;
      cpu.gpr[4] = v.fields.get("rB") ?? 0;
      cpu.xer = 0;
      cpu.cr = 0;
      executeOne(cpu, v.opcode);
      const isCompare = v.mnemonic.startsWith("CMP");
      const got = { rD: cpu.gpr[3] >>> 0, XER: cpu.xer >>> 0, CR: cpu.cr >>> 0 };
      const want = { rD: v.fields.get("rD"), XER: v.fields.get("XER"), CR: v.fields.get("CR") };
      const bad =
        (!isCompare && want.rD !== undefined && got.rD !== want.rD) || got.XER !== want.XER || got.CR !== want.CR;
      if (bad) {
        const hex = (n: number | undefined) => (n === undefined ? "-" : `0x${n.toString(16).padStart(8, "0")}`);
        failures.push(
          `line ${v.line} ${v.mnemonic} 0x${v.opcode.toString(16)}: rD ${hex(got.rD)}/${hex(want.rD)} ` +
            `XER ${hex(got.XER)}/${hex(want.XER)} CR ${hex(got.CR)}/${hex(want.CR)}`,
        );
      }
    }
    expect(failures.slice(0, 20), `${failures.length} of ${vectors.length} failed`).toEqual([]);
  });
});
