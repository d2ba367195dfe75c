/**
 * `ppcmac bench`: runs each workload on the interpreter and, when qemu-ppc is installed, its
 * Linux build under qemu-ppc, best of a few runs each, and checks that every run computed the
 * same checksum. Speed comes from here, never from timed unit tests.
 */
import type { CpuModel } from "../cpu/cpu.js";
import { guestImagePath } from "./images.js";
import { loadBenchImage, runOnPpcmac } from "./ppcmac-run.js";
import { QEMU_PROGRAM, findQemu, runOnQemu } from "./qemu.js";
import { WORKLOADS, type Workload } from "./workloads.js";

export interface BenchOptions {
  readonly model: CpuModel;
  /** Iterations of every workload; each workload's default when absent. */
  readonly iterations?: number;
  /** Runs per side; the fastest is reported. */
  readonly runs: number;
  /** Also time the Linux builds under qemu-ppc (when it is on PATH). */
  readonly qemu: boolean;
  /** Instruction budget of each ppcmac run; derived from the iteration count when absent. */
  readonly maxInstructions?: number;
  readonly workloads?: readonly Workload[];
  /** Told what is about to run (for a progress line on stderr). */
  readonly progress?: (message: string) => void;
}

export interface PpcmacFigures {
  readonly instructions: number;
  readonly seconds: number;
  readonly mips: number;
  readonly checksum: number;
}

export interface QemuFigures {
  readonly seconds: number;
  readonly checksum: number;
  /** ppcmac's time / qemu-ppc's time. */
  readonly ratio: number;
}

export interface WorkloadResult {
  readonly workload: Workload;
  readonly iterations: number;
  /** Absent when the workload could not run to a result on ppcmac (see `unavailable`). */
  readonly ppcmac?: PpcmacFigures;
  /** Absent when qemu-ppc was not run (see `qemuSkipped`). */
  readonly qemu?: QemuFigures;
  readonly qemuSkipped?: string;
  /** Why an optional workload has no figures. */
  readonly unavailable?: string;
}

export interface BenchReport {
  readonly model: CpuModel;
  readonly runs: number;
  readonly results: readonly WorkloadResult[];
}

/** A required workload failed: it faulted, ran out of budget or computed a wrong checksum. */
export class BenchFailure extends Error {
  override readonly name = "BenchFailure";
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

function measurePpcmac(workload: Workload, iterations: number, options: BenchOptions): PpcmacFigures | string {
  const path = guestImagePath(workload.bareImage);
  const image = loadBenchImage(path, iterations);
  const budget = options.maxInstructions ?? workload.instructionBudgetPerIteration * iterations + 1_000_000;
  let best: PpcmacFigures | undefined;
  for (let run = 1; run <= options.runs; run++) {
    options.progress?.(`${workload.name}: ppcmac run ${run}/${options.runs}`);
    const result = runOnPpcmac(image, options.model, budget);
    if (!result.ok) return `${workload.bareImage}: ${result.reason}`;
    if (best !== undefined && (result.checksum !== best.checksum || result.instructions !== best.instructions)) {
      return (
        `${workload.bareImage}: runs differ (checksum ${hex(best.checksum)} in ${best.instructions} instructions, ` +
        `then ${hex(result.checksum)} in ${result.instructions}); the machine is not deterministic`
      );
    }
    if (best === undefined || result.seconds < best.seconds) {
      best = { ...result, mips: result.instructions / result.seconds / 1e6 };
    }
  }
  if (best === undefined) throw new RangeError("runs must be at least 1");
  return best;
}

function measureQemu(qemu: string, workload: Workload, iterations: number, ppcmac: PpcmacFigures, options: BenchOptions): QemuFigures | string {
  const path = guestImagePath(workload.linuxImage);
  let bestSeconds = Infinity;
  for (let run = 1; run <= options.runs; run++) {
    options.progress?.(`${workload.name}: ${QEMU_PROGRAM} run ${run}/${options.runs}`);
    // A translated variant runs the same program, which reports under its base workload's name.
    const result = runOnQemu(qemu, path, workload.translationOf ?? workload.name, options.model, iterations);
    if (!result.ok) return result.reason;
    if (result.checksum !== ppcmac.checksum) {
      return (
        `checksums differ: ppcmac computed ${hex(ppcmac.checksum)}, ${QEMU_PROGRAM} -cpu ${options.model} ` +
        `computed ${hex(result.checksum)} (${iterations} iterations)`
      );
    }
    bestSeconds = Math.min(bestSeconds, result.seconds);
  }
  return { seconds: bestSeconds, checksum: ppcmac.checksum, ratio: ppcmac.seconds / bestSeconds };
}

/**
 * Runs every workload. A required workload that fails throws BenchFailure; an optional one is
 * reported as unavailable with the reason.
 */
export function runBenchmark(options: BenchOptions): BenchReport {
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`runs must be a positive integer, got ${options.runs}`);
  const qemu = options.qemu ? findQemu() : undefined;
  const qemuSkipped = !options.qemu ? "--no-qemu" : qemu === undefined ? `${QEMU_PROGRAM} is not on PATH` : undefined;
  const results: WorkloadResult[] = [];
  for (const workload of options.workloads ?? WORKLOADS) {
    const iterations = options.iterations ?? workload.defaultIterations;
    const fail = (reason: string): WorkloadResult => {
      if (workload.required) throw new BenchFailure(`${workload.name}: ${reason}`);
      return { workload, iterations, unavailable: reason };
    };
    const ppcmac = measurePpcmac(workload, iterations, options);
    if (typeof ppcmac === "string") {
      results.push(fail(ppcmac));
      continue;
    }
    if (qemu === undefined) {
      results.push({ workload, iterations, ppcmac, qemuSkipped });
      continue;
    }
    const measured = measureQemu(qemu, workload, iterations, ppcmac, options);
    results.push(typeof measured === "string" ? fail(measured) : { workload, iterations, ppcmac, qemu: measured });
  }
  return { model: options.model, runs: options.runs, results };
}
