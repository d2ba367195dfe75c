/**
 * Runs generated cases on qemu-ppc and on ppcmac and compares the state each dumps.
 *
 * guest/harness.S is built once per run into a Linux ELF with an empty code area and data area.
 * A batch of cases is patched into a copy of its bytes: each case's code (prologue loading its
 * record's initial state, the sequence, epilogue storing the final state) one after another in
 * the code area, the last followed by a branch to `finish`, and each case's record in the data
 * area. `finish` writes the data area to stdout. qemu-ppc -cpu 7400 runs the file while ppcmac
 * runs the same file through linux-user.ts; the two outputs must be identical byte for byte.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseElf, type ElfImage } from "../../elf/elf.js";
import { hex32, iForm } from "./encoding.js";
import { type GeneratedCase, type PlacedCase, generateCase } from "./generator.js";
import { runLinuxUser, type UserRunResult } from "./linux-user.js";
import { GPR_SECTION, RecordLayout } from "./state.js";

export const GCC = "powerpc-linux-gnu-gcc";
export const QEMU = "qemu-ppc";
export const QEMU_CPU = "7400";

const GUEST_SOURCE = join(dirname(fileURLToPath(import.meta.url)), "guest", "harness.S");
const CODE_AREA_BYTES = 0x8_0000;
const DATA_AREA_BYTES = 0x8_0000;
/** Low enough that ppcmac needs only a few MB of RAM; qemu-ppc maps it as Linux would. */
const LOAD_ADDRESS = 0x0010_0000;
const SC = 0x4400_0002;

/** Why the test cannot run here, or undefined when both tools are installed. */
export function missingTools(): string | undefined {
  const missing = [GCC, QEMU].filter((tool) => spawnSync(tool, ["--version"], { stdio: "ignore" }).error !== undefined);
  if (missing.length === 0) return undefined;
  return `${missing.join(" and ")} not found on PATH (Debian packages gcc-powerpc-linux-gnu and qemu-user)`;
}

/** The built harness: its bytes and where the patched areas sit in the file and in memory. */
export interface HarnessImage {
  readonly bytes: Uint8Array;
  readonly elf: ElfImage;
  readonly codeArea: { readonly address: number; readonly fileOffset: number; readonly bytes: number };
  readonly dataArea: { readonly address: number; readonly fileOffset: number; readonly bytes: number };
  readonly outputLengthFileOffset: number;
  readonly finishAddress: number;
  /** Instructions `finish` executes before its first system call (the write). */
  readonly finishPreamble: number;
}

function symbolLocation(elf: ElfImage, name: string): { address: number; fileOffset: number } {
  const symbol = elf.symbols.find((s) => s.name === name);
  if (symbol === undefined) throw new Error(`harness ELF has no symbol ${name}`);
  const section = elf.sections[symbol.sectionIndex];
  if (section === undefined || symbol.value < section.addr || symbol.value >= section.addr + section.size) {
    throw new Error(`harness symbol ${name} is not inside its section`);
  }
  return { address: symbol.value, fileOffset: section.offset + (symbol.value - section.addr) };
}

/** Assembles and links guest/harness.S into `directory`. */
export function buildHarness(directory: string): HarnessImage {
  const output = join(directory, "harness.elf");
  const result = spawnSync(
    GCC,
    [
      "-nostdlib", "-static", "-mregnames", "-mcpu=7400",
      `-DCODE_AREA_BYTES=${CODE_AREA_BYTES}`, `-DDATA_AREA_BYTES=${DATA_AREA_BYTES}`,
      `-Wl,-Ttext-segment=${hex32(LOAD_ADDRESS)}`, "-Wl,--build-id=none",
      "-o", output, GUEST_SOURCE,
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`building the harness failed:\n${result.stderr}`);
  const bytes = new Uint8Array(readFileSync(output));
  const elf = parseElf(bytes, output);
  const code = symbolLocation(elf, "code_area");
  const data = symbolLocation(elf, "data_area");
  const finish = symbolLocation(elf, "finish");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let preamble = 0;
  while (view.getUint32(finish.fileOffset + 4 * preamble) !== SC) preamble++;
  return {
    bytes, elf,
    codeArea: { ...code, bytes: CODE_AREA_BYTES },
    dataArea: { ...data, bytes: DATA_AREA_BYTES },
    outputLengthFileOffset: symbolLocation(elf, "output_length").fileOffset,
    finishAddress: finish.address,
    finishPreamble: preamble,
  };
}

export interface Batch {
  readonly cases: readonly GeneratedCase[];
  readonly placed: readonly PlacedCase[];
  readonly codeAddresses: readonly number[];
  readonly elfBytes: Uint8Array;
  readonly outputLength: number;
}

/** Patches `cases` into a copy of the harness; they must fit (caseBatches makes sure). */
export function makeBatch(image: HarnessImage, layout: RecordLayout, cases: readonly GeneratedCase[]): Batch {
  const codeBytes = 4 * (cases.reduce((n, c) => n + c.codeWords, 0) + 1); // + the branch to finish
  if (codeBytes > image.codeArea.bytes || cases.length * layout.recordBytes > image.dataArea.bytes) {
    throw new Error(`${cases.length} cases do not fit in the harness's code and data areas`);
  }
  const bytes = image.bytes.slice();
  const view = new DataView(bytes.buffer);
  const placed: PlacedCase[] = [];
  const codeAddresses: number[] = [];
  let codeAddress = image.codeArea.address;
  let codeOffset = image.codeArea.fileOffset;
  cases.forEach((testCase, i) => {
    const recordAddress = image.dataArea.address + i * layout.recordBytes;
    const p = testCase.place(codeAddress, recordAddress);
    placed.push(p);
    codeAddresses.push(codeAddress);
    for (const word of p.code) {
      view.setUint32(codeOffset, word);
      codeOffset += 4;
    }
    codeAddress += 4 * p.code.length;
    bytes.set(p.record, image.dataArea.fileOffset + i * layout.recordBytes);
  });
  view.setUint32(codeOffset, iForm(image.finishAddress - codeAddress, 0, 0));
  const outputLength = cases.length * layout.recordBytes;
  view.setUint32(image.outputLengthFileOffset, outputLength);
  return { cases, placed, codeAddresses, elfBytes: bytes, outputLength };
}

export interface QemuResult {
  readonly stdout: Uint8Array;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

export function runQemu(elfPath: string): Promise<QemuResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(QEMU, ["-cpu", QEMU_CPU, elfPath], { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (status, signal) =>
      resolve({ stdout: new Uint8Array(Buffer.concat(out)), status, signal, stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

export function runPpcmac(elfPath: string, batch: Batch): UserRunResult {
  const words = batch.cases.reduce((n, c) => n + c.codeWords, 0);
  return runLinuxUser(elfPath, { maxInstructions: 2 * words + 100_000 });
}

// --- comparison and reports ------------------------------------------------------------------

export interface Difference {
  readonly field: string;
  readonly ppcmac: string;
  readonly qemu: string;
}

export interface CaseFailure {
  readonly caseIndex: number;
  readonly differences: readonly Difference[];
  readonly report: string;
}

const word = (bytes: Uint8Array, offset: number): number =>
  ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;

function hexWords(bytes: Uint8Array, offset: number, count: number): string {
  return Array.from({ length: count }, (_, i) => word(bytes, offset + 4 * i).toString(16).padStart(8, "0")).join("");
}

/** Every field of one case's record that differs between the two outputs. */
export function compareRecord(layout: RecordLayout, ppcmac: Uint8Array, qemu: Uint8Array, recordOffset: number): Difference[] {
  const differences: Difference[] = [];
  for (const area of [{ label: "", offset: layout.finalOffset }, { label: "initial ", offset: layout.initialOffset }]) {
    for (const field of layout.fieldLocations) {
      const at = recordOffset + area.offset + field.offset;
      const words = field.bytes / 4;
      const a = hexWords(ppcmac, at, words);
      const b = hexWords(qemu, at, words);
      if (a !== b) differences.push({ field: `${area.label}${field.name}`, ppcmac: `0x${a}`, qemu: `0x${b}` });
    }
  }
  for (let i = 0; i < layout.recordBytes - layout.bufferOffset; i += 4) {
    const at = recordOffset + layout.bufferOffset + i;
    const a = word(ppcmac, at);
    const b = word(qemu, at);
    if (a !== b) differences.push({ field: `buffer+0x${i.toString(16)}`, ppcmac: hex32(a), qemu: hex32(b) });
  }
  return differences;
}

/**
 * A check of the harness and generator themselves on QEMU's output: the base register is never
 * written, so its final value must be its initial one. It also shows that the epilogue stored
 * the state (equal but never-written outputs would otherwise compare equal).
 */
function harnessCheck(testCase: GeneratedCase, qemu: Uint8Array, recordOffset: number): string | undefined {
  const layout = testCase.layout;
  const at = recordOffset + layout.sectionOffset(GPR_SECTION) + 4 * testCase.base;
  const initial = word(qemu, at + layout.initialOffset);
  const final = word(qemu, at + layout.finalOffset);
  if (initial === final) return undefined;
  return `harness defect: base register r${testCase.base} went from ${hex32(initial)} to ${hex32(final)} under QEMU`;
}

/** Everything needed to reproduce a case by hand: seed, initial state, buffer and sequence. */
export function describeCase(testCase: GeneratedCase, placed: PlacedCase): string {
  const layout = testCase.layout;
  const lines = [
    `case ${testCase.index} of seed ${testCase.seed} (rerun alone: PPCMAC_DIFF_SEED=${testCase.seed} PPCMAC_DIFF_CASE=${testCase.index})`,
    `base register r${testCase.base} = buffer + 0x${testCase.baseOffset.toString(16)}`,
    "initial state:",
  ];
  const fields = layout.fieldLocations.map(
    (field) => `${field.name}=0x${hexWords(placed.record, layout.initialOffset + field.offset, field.bytes / 4)}`,
  );
  for (let i = 0; i < fields.length; i += 8) lines.push(`  ${fields.slice(i, i + 8).join(" ")}`);
  lines.push("initial buffer:");
  for (let i = 0; i < layout.recordBytes - layout.bufferOffset; i += 32) {
    const words = hexWords(placed.record, layout.bufferOffset + i, 8).replace(/(.{8})/g, "$1 ").trim();
    lines.push(`  +0x${i.toString(16).padStart(3, "0")}: ${words}`);
  }
  lines.push("sequence:", ...placed.listing.map((line) => `  ${line}`));
  return lines.join("\n");
}

function failureReport(testCase: GeneratedCase, placed: PlacedCase, differences: readonly Difference[]): string {
  const shown = differences.slice(0, 40).map((d) => `  ${d.field}: ppcmac ${d.ppcmac}, qemu ${d.qemu}`);
  if (differences.length > shown.length) shown.push(`  ... and ${differences.length - shown.length} more`);
  return [`DIVERGENCE in ${describeCase(testCase, placed)}`, "differences:", ...shown].join("\n");
}

// --- whole runs ------------------------------------------------------------------------------

export interface RunOptions {
  readonly seed: number;
  /** Generate cases until their sequences hold at least this many instructions. */
  readonly instructions: number;
  /** Run only this case of the seed. */
  readonly onlyCase?: number;
  /** Stop after this many divergent cases. */
  readonly maxFailures?: number;
  readonly layout?: RecordLayout;
  /** Keep the batch ELFs in this directory (created if needed) instead of a temporary one. */
  readonly keepDirectory?: string;
}

export interface RunSummary {
  readonly cases: number;
  /** Instructions in the generated sequences (setup included, prologue/epilogue not). */
  readonly generatedInstructions: number;
  /** Of those, the ones under test (not immediate loads and pointer setup). */
  readonly testedInstructions: number;
  /** Sequence instructions ppcmac executed (the rest were skipped by taken branches). */
  readonly executedInstructions: number;
  readonly batches: number;
  readonly failures: readonly CaseFailure[];
  /** Problems that stopped a batch from being compared (a fault, a crash, a short output). */
  readonly errors: readonly string[];
  /** How often each base mnemonic occurs in the generated sequences. */
  readonly mnemonicCounts: ReadonlyMap<string, number>;
}

/**
 * Generates and runs cases in batches, qemu-ppc running each batch while ppcmac runs it too.
 * Stops at the first batch that cannot be compared, or after `maxFailures` divergent cases.
 */
export async function runDifferential(options: RunOptions): Promise<RunSummary> {
  const layout = options.layout ?? new RecordLayout();
  const maxFailures = options.maxFailures ?? 5;
  const directory = options.keepDirectory ?? mkdtempSync(join(tmpdir(), "ppcmac-diff-"));
  mkdirSync(directory, { recursive: true });
  try {
    const image = buildHarness(directory);
    const failures: CaseFailure[] = [];
    const errors: string[] = [];
    const mnemonicCounts = new Map<string, number>();
    let [cases, generated, tested, executed, batchCount] = [0, 0, 0, 0, 0];
    for (const batchCases of caseBatches(image, layout, options)) {
      for (const testCase of batchCases) {
        generated += testCase.sequenceWords;
        tested += testCase.testedWords;
        for (const mnemonic of testCase.mnemonics) mnemonicCounts.set(mnemonic, (mnemonicCounts.get(mnemonic) ?? 0) + 1);
      }
      cases += batchCases.length;
      const batch = makeBatch(image, layout, batchCases);
      const path = join(directory, `batch-${batchCount++}.elf`);
      writeFileSync(path, batch.elfBytes, { mode: 0o755 });
      const qemuRun = runQemu(path);
      const ppcmac = runPpcmac(path, batch);
      const qemu = await qemuRun;
      if (options.keepDirectory === undefined) rmSync(path);
      executed += executedSequenceInstructions(image, batch, ppcmac);

      const problems = executionProblems(batch, ppcmac, qemu);
      if (problems.length > 0) {
        errors.push(...problems, ...(await isolateFailingCases(image, layout, directory, batch)));
        break;
      }
      for (const [i, testCase] of batch.cases.entries()) {
        const unsound = harnessCheck(testCase, qemu.stdout, i * layout.recordBytes);
        if (unsound !== undefined) errors.push(`${unsound} in ${describeCase(testCase, batch.placed[i])}`);
        const differences = compareRecord(layout, ppcmac.stdout, qemu.stdout, i * layout.recordBytes);
        if (differences.length === 0) continue;
        failures.push({ caseIndex: testCase.index, differences, report: failureReport(testCase, batch.placed[i], differences) });
        if (failures.length >= maxFailures) break;
      }
      if (failures.length >= maxFailures || errors.length > 0) break;
    }
    return {
      cases, generatedInstructions: generated, testedInstructions: tested, executedInstructions: executed,
      batches: batchCount, failures, errors, mnemonicCounts,
    };
  } finally {
    if (options.keepDirectory === undefined) rmSync(directory, { recursive: true, force: true });
  }
}

/** The run's cases, generated as needed and grouped into batches that fit the harness. */
function* caseBatches(image: HarnessImage, layout: RecordLayout, options: RunOptions): Generator<GeneratedCase[]> {
  if (options.onlyCase !== undefined) {
    yield [generateCase(options.seed, options.onlyCase, { layout })];
    return;
  }
  const maxCases = Math.floor(image.dataArea.bytes / layout.recordBytes);
  const maxCodeWords = image.codeArea.bytes / 4 - 1; // the branch to finish
  let batch: GeneratedCase[] = [];
  let codeWords = 0;
  let generated = 0;
  for (let index = 0; generated < options.instructions; index++) {
    const testCase = generateCase(options.seed, index, { layout });
    if (batch.length > 0 && (batch.length === maxCases || codeWords + testCase.codeWords > maxCodeWords)) {
      yield batch;
      batch = [];
      codeWords = 0;
    }
    batch.push(testCase);
    codeWords += testCase.codeWords;
    generated += testCase.sequenceWords;
  }
  if (batch.length > 0) yield batch;
}

/** Retired instructions up to the write, less the harness's and the prologues'/epilogues'. */
function executedSequenceInstructions(image: HarnessImage, batch: Batch, run: UserRunResult): number {
  if (run.retiredAtFirstSyscall === undefined) return 0;
  const overhead = batch.cases.reduce((n, c) => n + c.codeWords - c.sequenceWords, 0);
  // _start's branch, the branch to finish, and finish up to its write
  return run.retiredAtFirstSyscall - overhead - 2 - image.finishPreamble;
}

/** Which case holds code address `address`: the listing line for it, and the whole case. */
function locate(batch: Batch, address: number): string {
  for (let i = batch.cases.length - 1; i >= 0; i--) {
    if (address < batch.codeAddresses[i]) continue;
    const line = batch.placed[i].listing.find((l) => l.startsWith(hex32(address)));
    return `${line ?? "the prologue/epilogue"} of ${describeCase(batch.cases[i], batch.placed[i])}`;
  }
  return "code outside the cases";
}

function executionProblems(batch: Batch, ppcmac: UserRunResult, qemu: QemuResult): string[] {
  const problems: string[] = [];
  if (ppcmac.fault !== undefined) {
    problems.push(
      `ppcmac took a ${ppcmac.fault.name} exception at ${hex32(ppcmac.fault.address)} (SRR1 ${hex32(ppcmac.fault.srr1)}) in ` +
        locate(batch, ppcmac.fault.address),
    );
  } else if (ppcmac.timedOut) {
    problems.push(`ppcmac did not finish within ${ppcmac.retired} instructions`);
  } else if (ppcmac.exitStatus !== 0 || ppcmac.stdout.length !== batch.outputLength) {
    problems.push(`ppcmac exited with status ${ppcmac.exitStatus} after writing ${ppcmac.stdout.length} of ${batch.outputLength} bytes`);
  }
  if (qemu.status !== 0 || qemu.stdout.length !== batch.outputLength) {
    problems.push(
      `qemu-ppc exited with ${qemu.signal ?? `status ${qemu.status}`} after writing ${qemu.stdout.length} of ` +
        `${batch.outputLength} bytes: ${qemu.stderr.trim()}`,
    );
  }
  return problems;
}

/** After a batch failed to run, finds the cases qemu-ppc cannot run alone (by bisection). */
async function isolateFailingCases(
  image: HarnessImage, layout: RecordLayout, directory: string, batch: Batch,
): Promise<string[]> {
  const reports: string[] = [];
  const qemuFails = async (cases: readonly GeneratedCase[]): Promise<boolean> => {
    const sub = makeBatch(image, layout, cases);
    const path = join(directory, "bisect.elf");
    writeFileSync(path, sub.elfBytes, { mode: 0o755 });
    const result = await runQemu(path);
    return result.status !== 0 || result.stdout.length !== sub.outputLength;
  };
  const search = async (cases: readonly GeneratedCase[]): Promise<void> => {
    if (reports.length >= 3 || !(await qemuFails(cases))) return;
    if (cases.length === 1) {
      const sub = makeBatch(image, layout, cases);
      reports.push(`qemu-ppc fails on ${describeCase(cases[0], sub.placed[0])}`);
      return;
    }
    const half = cases.length >> 1;
    await search(cases.slice(0, half));
    await search(cases.slice(half));
  };
  await search(batch.cases);
  return reports;
}
