/** One run of a benchmark image on ppcmac: load, set the iteration count, run, time the run. */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { formatUnhandled, runBare } from "../board/bare.js";
import { Machine } from "../board/machine.js";
import type { CpuModel } from "../cpu/cpu.js";
import { PT_LOAD, parseElf, type ElfImage } from "../elf/elf.js";

/** The word in each benchmark image that holds its iteration count (userland/bench/bare-main.c). */
const ITERATIONS_SYMBOL = "bench_iterations";

export type PpcmacRun =
  | { readonly ok: true; readonly checksum: number; readonly instructions: number; readonly seconds: number }
  | { readonly ok: false; readonly reason: string };

/** Writes `value` (big-endian) over the initial contents of the word at symbol `name` in the image's file bytes. */
function setInitialWord(image: ElfImage, name: string, value: number, path: string): void {
  const symbol = image.symbols.find((s) => s.name === name);
  if (symbol === undefined) throw new Error(`${path}: no symbol ${name} (rebuild it with scripts/build-guest-images.sh)`);
  const segment = image.segments.find(
    (s) => s.type === PT_LOAD && symbol.value >= s.vaddr && symbol.value + 4 <= s.vaddr + s.filesz,
  );
  if (segment === undefined) throw new Error(`${path}: ${name} is not in the file contents of a loadable segment`);
  new DataView(segment.data.buffer, segment.data.byteOffset, segment.data.byteLength).setUint32(
    symbol.value - segment.vaddr,
    value >>> 0,
  );
}

export function loadBenchImage(path: string, iterations: number): ElfImage {
  const image = parseElf(new Uint8Array(readFileSync(path)), path);
  setInitialWord(image, ITERATIONS_SYMBOL, iterations, path);
  return image;
}

/**
 * Runs a benchmark image to completion on a fresh machine. The image's exit status is its
 * checksum; an exception (bare images install no handlers), a checkstop or the instruction
 * budget running out ends the run with a reason instead.
 */
export function runOnPpcmac(image: ElfImage, model: CpuModel, maxInstructions: number): PpcmacRun {
  const machine = new Machine({ model });
  const start = performance.now();
  const outcome = runBare(machine, image, maxInstructions);
  const seconds = (performance.now() - start) / 1000;
  const instructions = machine.cpu.retired;
  switch (outcome.kind) {
    case "exit":
      return { ok: true, checksum: outcome.status >>> 0, instructions, seconds };
    case "limit":
      return { ok: false, reason: `no result after ${instructions} instructions (the instruction budget)` };
    case "unhandled-exception":
      return { ok: false, reason: formatUnhandled(outcome.report).replace(/\n\s*/g, "; ") };
    case "checkstop":
      return { ok: false, reason: `checkstop: ${outcome.report}` };
    case "halted":
      return { ok: false, reason: `halted: ${outcome.report}` };
  }
}
