/**
 * The disassembler against binutils' own (`powerpc-linux-gnu-objdump` 2.40): random words of
 * every implemented instruction, every conditional-branch BO/BI combination, a C program compiled
 * at test time and a hand-written assembly file, disassembled by ppcmac and by objdump, must read
 * the same (whitespace folded for single words, line by line for whole files). The tests skip,
 * saying why, when the cross tools are absent.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { disasmCommand, disassembleWords, parseHexWord } from "../../cli/commands/disasm.js";
import { disassemblyListing } from "../../cli/disasm-listing.js";
import { UsageError } from "../../cli/errors.js";
import { describe as describeWord } from "../../cpu/decoder.js";
import { definedBits, disassembleToText, requiredOnes } from "../../cpu/disasm.js";
import type { InstructionDescription } from "../../cpu/isa.js";
import { INSTRUCTIONS } from "../../cpu/instructions/index.js";
import { ElfError, parseElf } from "../../elf/elf.js";
import { REPO_ROOT } from "../support/shared.js";

const OBJDUMP = "powerpc-linux-gnu-objdump";
const GCC = "powerpc-linux-gnu-gcc";
const AS = "powerpc-linux-gnu-as";
const LD = "powerpc-linux-gnu-ld";
const FIXTURES = join(REPO_ROOT, "test", "fixtures", "disasm");

function toolPresent(tool: string): boolean {
  const probe = spawnSync(tool, ["--version"], { stdio: "ignore" });
  if (probe.error === undefined && probe.status === 0) return true;
  console.warn(`skipping: ${tool} is not on PATH (Debian packages binutils-powerpc-linux-gnu, gcc-powerpc-linux-gnu)`);
  return false;
}
const haveObjdump = toolPresent(OBJDUMP);
const haveBinutils = haveObjdump && toolPresent(AS) && toolPresent(LD);
const haveGcc = haveObjdump && toolPresent(GCC);
/** A static link needs the cross C library (libc6-dev-powerpc-cross, only recommended by the gcc package). */
const haveCrossLibc = haveGcc && (() => {
  const path = spawnSync(GCC, ["-print-file-name=libc.a"], { encoding: "utf8" }).stdout.trim();
  if (isAbsolute(path) && existsSync(path)) return true;
  console.warn("skipping the static executable: the PowerPC C library (libc6-dev-powerpc-cross) is not installed");
  return false;
})();

const workDir = mkdtempSync(join(tmpdir(), "ppcmac-disasm-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const fold = (text: string): string => text.replace(/\s+/g, " ").trim();

/** Deterministic 32-bit generator (xorshift32), so a failure names words that reproduce. */
function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

const XO_BITS = { XO10: 0x7fe, XO9: 0x3fe, XO5: 0x3e } as const;

/** The bits that select this description (primary and extended opcode) and bits fixed at 1. */
function opcodeOf(desc: InstructionDescription): { bits: number; mask: number } {
  let bits = desc.opcd << 26;
  let mask = 0xfc000000;
  if (desc.xoField !== undefined && desc.xo !== undefined) {
    bits |= desc.xo << 1;
    mask |= XO_BITS[desc.xoField];
  }
  const ones = requiredOnes(desc);
  return { bits: (bits | ones) >>> 0, mask: (mask | ones) >>> 0 };
}

/** objdump's text for each word of a raw big-endian file, in order. */
function objdumpWords(words: readonly number[], name: string): string[] {
  const bytes = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => bytes.writeUInt32BE(w, i * 4));
  const path = join(workDir, `${name}.bin`);
  writeFileSync(path, bytes);
  // powerpc:common is the machine objdump picks for a gcc-built 32-bit ELF file (e_flags 0), so
  // a raw file read with it disassembles as that ELF file's code would. -z: no "..." for zeros.
  const out = execFileSync(OBJDUMP, ["-D", "-z", "-b", "binary", "-m", "powerpc:common", "-EB", path], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const texts: string[] = new Array<string>(words.length).fill("<missing>");
  for (const line of out.split("\n")) {
    const m = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/.exec(line);
    if (m !== null) texts[Number.parseInt(m[1], 16) / 4] = fold(m[2]);
  }
  return texts;
}

interface Mismatch {
  word: string;
  mnemonic: string;
  ppcmac: string;
  objdump: string;
}

/** ppcmac and objdump on the same words (word i at address 4*i); the words that read differently. */
function compareWords(words: readonly number[], name: string): Mismatch[] {
  const expected = objdumpWords(words, name);
  const mismatches: Mismatch[] = [];
  words.forEach((word, i) => {
    const ours = fold(disassembleToText(word, i * 4));
    if (ours !== expected[i]) {
      const mnemonic = describeWord(word)?.mnemonic ?? "illegal";
      mismatches.push({ word: word.toString(16).padStart(8, "0"), mnemonic, ppcmac: ours, objdump: expected[i] });
    }
  });
  return mismatches;
}

/** Up to three mismatches per mnemonic, so one failing rule does not hide the others. */
function report(mismatches: readonly Mismatch[]): string {
  const shown = new Map<string, number>();
  const lines: string[] = [];
  for (const m of mismatches) {
    const n = shown.get(m.mnemonic) ?? 0;
    shown.set(m.mnemonic, n + 1);
    if (n < 3) lines.push(`${m.word} [${m.mnemonic}] ppcmac: ${m.ppcmac} | objdump: ${m.objdump}`);
  }
  const counts = [...shown].map(([k, v]) => `${k}:${v}`).join(" ");
  return lines.length === 0 ? "" : `${mismatches.length} mismatches (${counts})\n${lines.join("\n")}`;
}

const WORDS_PER_DESCRIPTION = 400;

describe.skipIf(!haveObjdump)("single words against powerpc-linux-gnu-objdump", () => {
  it("random words of every description, reserved bits clear, read as objdump reads them", () => {
    const next = rng(0x750c0de);
    const words: number[] = [];
    for (const desc of INSTRUCTIONS) {
      const { bits, mask } = opcodeOf(desc);
      const free = definedBits(desc) & ~mask; // operand fields and Rc/OE/LK/AA bits
      for (let i = 0; i < WORDS_PER_DESCRIPTION; i++) {
        const word = (bits | (next() & free)) >>> 0;
        expect(describeWord(word), `0x${word.toString(16)} decodes to ${desc.mnemonic}`).toBe(desc);
        words.push(word);
      }
    }
    const mismatches = compareWords(words, "valid");
    console.log(`random valid words: ${words.length - mismatches.length}/${words.length} match objdump (${INSTRUCTIONS.length} descriptions)`);
    expect(report(mismatches)).toBe("");
  });

  it("random words with reserved bits set (words the 750 still decodes) read as objdump reads them", () => {
    // objdump rejects most such words (.long), but reads some as later Power ISA forms (lwsync,
    // mtocrf, dcbtct, tlbie's extra operands, ...); ppcmac matches both, so nothing is excluded.
    const next = rng(0x7400);
    const words: number[] = [];
    for (const desc of INSTRUCTIONS) {
      const { bits, mask } = opcodeOf(desc);
      const fields = definedBits(desc) & ~mask;
      // Bits fixed at 1 (sc's bit 30, stwcx.'s bit 31) do not select the description: flip them too.
      const reserved = (~definedBits(desc) & ~mask) | requiredOnes(desc);
      const reservedBits = [...Array(32).keys()].filter((b) => ((reserved >>> b) & 1) !== 0);
      if (reservedBits.length === 0) continue;
      for (let i = 0; i < WORDS_PER_DESCRIPTION; i++) {
        // A third each: all reserved bits random, one reserved bit, a sparse random subset.
        let extra = 0;
        if (i % 3 === 0) extra = next() & reserved;
        else if (i % 3 === 1) extra = 1 << reservedBits[next() % reservedBits.length];
        else for (const b of reservedBits) if ((next() & 3) === 0) extra |= 1 << b;
        const word = (bits | (next() & fields) | extra) >>> 0;
        if (describeWord(word) !== desc) throw new Error(`0x${word.toString(16)} no longer decodes to ${desc.mnemonic}`);
        words.push(word);
      }
    }
    const mismatches = compareWords(words, "reserved");
    console.log(`random words with reserved bits: ${words.length - mismatches.length}/${words.length} match objdump`);
    expect(report(mismatches)).toBe("");
  });

  it("every BO, BI, AA and LK combination of bc, bclr and bcctr, with BH for bclr/bcctr", () => {
    const words: number[] = [];
    for (let bo = 0; bo < 32; bo++) {
      for (let bi = 0; bi < 32; bi++) {
        const fields = (bo << 21) | (bi << 16);
        for (let low = 0; low < 4; low++) words.push(((16 << 26) | fields | 0x1230 | low) >>> 0); // bc: AA, LK
        for (let bh = 0; bh < 4; bh++) {
          for (const xo of [16, 528]) words.push(((19 << 26) | fields | (bh << 11) | (xo << 1) | (bh & 1)) >>> 0);
        }
      }
    }
    const mismatches = compareWords(words, "branches");
    console.log(`conditional branches: ${words.length - mismatches.length}/${words.length} match objdump`);
    expect(report(mismatches)).toBe("");
  });

  it("`ppcmac disasm --hex` prints the lines objdump prints for a raw file", () => {
    const words = [0x7c0802a6, 0x4bfffff0, 0x4182000c, 0x60000000, 0x7c6b1b78, 0x00000000];
    const ours = disassembleWords(words, 0).trimEnd().split("\n");
    const theirs = objdumpWords(words, "hex");
    ours.forEach((line, i) => {
      expect(line.startsWith(`${(i * 4).toString(16).padStart(8, "0")}:\t`)).toBe(true);
      expect(fold(line.split("\t")[2])).toBe(theirs[i]);
    });
  });
});

// --- whole files ---

/** Lines of ppcmac's listing that differ from objdump's, other than words ppcmac's decoder rejects. */
function compareListings(ours: string, theirs: string): { differences: string[]; unimplemented: Map<string, number>; lines: number } {
  const a = ours.split("\n");
  const b = theirs.split("\n");
  const differences: string[] = [];
  const unimplemented = new Map<string, number>();
  if (a.length !== b.length) differences.push(`line counts differ: ppcmac ${a.length}, objdump ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    // ppcmac prints .long for a word its decoder treats as illegal (FP before cpu/instructions
    // has it, AltiVec, POWER-only): allowed, and counted by objdump's mnemonic.
    const m = /^\s*[0-9a-f]+:\t[0-9a-f ]+\t\.long 0x([0-9a-f]+)$/.exec(a[i]);
    if (m !== null && describeWord(Number.parseInt(m[1], 16)) === undefined) {
      const mnemonic = b[i].split("\t")[2]?.split(" ")[0] ?? "?";
      unimplemented.set(mnemonic, (unimplemented.get(mnemonic) ?? 0) + 1);
      continue;
    }
    if (differences.length < 40) differences.push(`line ${i + 1}:\n  ppcmac:  ${JSON.stringify(a[i])}\n  objdump: ${JSON.stringify(b[i])}`);
  }
  return { differences, unimplemented, lines: b.length };
}

function checkFile(path: string, label: string): void {
  const theirs = execFileSync(OBJDUMP, ["-d", path], { encoding: "utf8", maxBuffer: 1 << 28 });
  const ours = disassemblyListing(parseElf(readFileSync(path), path), path);
  const { differences, unimplemented, lines } = compareListings(ours, theirs);
  const skipped = [...unimplemented].map(([k, v]) => `${k}:${v}`).join(" ");
  console.log(`${label}: ${lines} lines compared with objdump -d${skipped === "" ? "" : `; words ppcmac's decoder rejects (printed .long): ${skipped}`}`);
  expect(differences.join("\n")).toBe("");
}

describe.skipIf(!haveGcc)("a C program compiled by powerpc-linux-gnu-gcc", () => {
  it.each(["-O2", "-Os", "-O0"])("the object file (%s -c) lists as objdump -d lists it", (level) => {
    const object = join(workDir, `sample${level}.o`);
    execFileSync(GCC, [level, "-c", join(FIXTURES, "sample.c"), "-o", object]);
    checkFile(object, `sample.c ${level}`);
  });

  it.skipIf(!haveCrossLibc)("the static executable (-O2 -static, with the C library) lists as objdump -d lists it", () => {
    const program = join(workDir, "sample.elf");
    execFileSync(GCC, ["-O2", "-static", join(FIXTURES, "sample.c"), "-o", program]);
    checkFile(program, "sample.c static executable");
  });
});

describe.skipIf(!haveBinutils)("hand-written assembly (data in code, zero runs, fragments, several sections)", () => {
  it("the object file and the linked executable list as objdump -d lists them", () => {
    const object = join(workDir, "edge.o");
    const program = join(workDir, "edge.elf");
    execFileSync(AS, [join(FIXTURES, "edge.s"), "-o", object]);
    execFileSync(LD, ["-Ttext=0x10000", "-e", "start", object, "-o", program]);
    checkFile(object, "edge.s object");
    checkFile(program, "edge.s executable");
  });
});

// --- the command's input checking (needs no tools) ---

describe("ppcmac disasm input errors", () => {
  const run = (args: Record<string, unknown>): void => {
    const handler = disasmCommand.handler as (argv: Record<string, unknown>) => void;
    handler({ address: "0", _: ["disasm"], $0: "ppcmac", ...args });
  };

  it("reads hex words with or without 0x, and rejects anything else with a UsageError", () => {
    expect(parseHexWord("0x7C0802A6", "--hex")).toBe(0x7c0802a6);
    expect(parseHexWord("4e800020", "--hex")).toBe(0x4e800020);
    for (const bad of ["", "0x", "zz", "123456789", "-1", "0x1g"]) {
      expect(() => parseHexWord(bad, "--hex")).toThrow(UsageError);
    }
  });

  it("prints --hex words at --address, and reports bad input as one-line errors", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      run({ hex: ["4bfffff0"], address: "0x1000" });
      expect(write).toHaveBeenCalledWith("00001000:\t4b ff ff f0 \tb       0xff0\n");
    } finally {
      write.mockRestore();
    }
    expect(() => run({ hex: ["xyz"] })).toThrow(UsageError);
    expect(() => run({ hex: ["0"], address: "nope" })).toThrow(UsageError);
    expect(() => run({})).toThrow(UsageError);
    expect(() => run({ file: join(workDir, "missing.elf") })).toThrow(UsageError);
    const notElf = join(workDir, "not-elf.bin");
    writeFileSync(notElf, "not an ELF file at all, but long enough to hold a header.......");
    expect(() => run({ file: notElf })).toThrow(ElfError);
  });
});
