/** `ppcmac bench`: the interpreter's speed on the benchmark workloads, and qemu-ppc's for comparison. */
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { BenchFailure, runBenchmark, type BenchReport, type WorkloadResult } from "../../bench/bench.js";
import { QEMU_PROGRAM } from "../../bench/qemu.js";
import type { CpuModel } from "../../cpu/cpu.js";
import { UsageError } from "../errors.js";
import { CPU_CHOICES, parseInstructionLimit } from "../options.js";

interface BenchArguments {
  cpu: string;
  iterations?: number;
  runs: number;
  json: boolean;
  qemu: boolean;
  "max-instructions"?: number;
}

const CPU_NAMES: Readonly<Record<CpuModel, string>> = { "750": "MPC750 (G3)", "7400": "MPC7400 (G4)" };

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

function positiveInteger(option: string, value: number | undefined, max = 0xffff_ffff): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new UsageError(`--${option}: expected a whole number from 1 to ${max}, got ${value}`);
  }
  return value;
}

function describeResult(result: WorkloadResult): string {
  const { workload } = result;
  if (result.ppcmac === undefined) return `${workload.name}: unavailable (${result.unavailable ?? "no result"})\n`;
  const p = result.ppcmac;
  let text =
    `${workload.name}: ${workload.description}, ${result.iterations} iterations\n` +
    `  ppcmac:   ${(p.instructions / 1e6).toFixed(1)} M instructions in ${p.seconds.toFixed(3)} s = ` +
    `${p.mips.toFixed(1)} MIPS, checksum ${hex(p.checksum)}\n`;
  if (result.qemu !== undefined) {
    text +=
      `  ${QEMU_PROGRAM}: ${result.qemu.seconds.toFixed(3)} s, same checksum; ` +
      `time ratio ppcmac/qemu = ${result.qemu.ratio.toFixed(2)}\n`;
  } else {
    text += `  ${QEMU_PROGRAM}: not run (${result.qemuSkipped ?? "unknown reason"}); checksum not cross-checked\n`;
  }
  return text;
}

/**
 * What translation costs: the MIPS a translated variant loses against the workload it
 * translates (positive = slower with translation on), or undefined if either has no figure.
 */
function translationCost(result: WorkloadResult, report: BenchReport): number | undefined {
  const base = report.results.find((r) => r.workload.name === result.workload.translationOf);
  if (result.ppcmac === undefined || base?.ppcmac === undefined) return undefined;
  return 1 - result.ppcmac.mips / base.ppcmac.mips;
}

function describeTranslationCost(result: WorkloadResult, report: BenchReport): string {
  const cost = translationCost(result, report);
  if (cost === undefined) return "";
  const percent = (Math.abs(cost) * 100).toFixed(1);
  return `  translation on: ${percent}% ${cost >= 0 ? "slower" : "faster"} than ${result.workload.translationOf}\n`;
}

/** One workload's fields in the JSON report. */
function resultFields(result: WorkloadResult, report: BenchReport): Record<string, unknown> {
  const fields: Record<string, unknown> = { name: result.workload.name, iterations: result.iterations };
  if (result.ppcmac === undefined) return { ...fields, unavailable: result.unavailable };
  Object.assign(fields, {
    instructions: result.ppcmac.instructions,
    seconds: result.ppcmac.seconds,
    mips: result.ppcmac.mips,
    checksum: hex(result.ppcmac.checksum),
    checksum_verified: result.qemu !== undefined,
  });
  if (result.qemu !== undefined) Object.assign(fields, { qemu_seconds: result.qemu.seconds, qemu_ratio: result.qemu.ratio });
  else fields.qemu_skipped = result.qemuSkipped;
  const cost = translationCost(result, report);
  if (cost !== undefined) fields.translation_cost = cost;
  return fields;
}

/** The JSON report: the headline (first) workload's figures at the top level, every workload under `workloads`. */
function jsonReport(report: BenchReport): string {
  const [headline] = report.results;
  const { name: _name, ...headlineFields } = resultFields(headline, report);
  return JSON.stringify({
    cpu: report.model,
    runs: report.runs,
    ...headlineFields,
    workloads: report.results.map((result) => resultFields(result, report)),
  });
}

export const benchCommand: CommandModule<object, BenchArguments> = {
  command: "bench",
  describe: "Measure the interpreter's speed (MIPS) on compiled C workloads, and compare with qemu-ppc",
  builder: (yargs: Argv) =>
    yargs
      .option("cpu", { type: "string", choices: CPU_CHOICES as string[], default: "7400", describe: "Processor: 750 (G3) or 7400 (G4)" })
      .option("iterations", { type: "number", describe: "Iterations of each workload (default: about 1-3 s of interpreter time)" })
      .option("runs", { type: "number", default: 3, describe: "Runs per side; the fastest is reported" })
      .option("json", { type: "boolean", default: false, describe: "Print one JSON object instead of text" })
      .option("qemu", {
        type: "boolean",
        default: true,
        describe: `Also time the Linux builds under ${QEMU_PROGRAM} (when on PATH); --no-qemu skips it`,
      })
      .option("max-instructions", { type: "number", describe: "Instruction budget of each ppcmac run (default: ample for the iterations)" })
      .epilogue(
        "The integer workload must complete with the same checksum on every run (and under qemu-ppc); otherwise " +
          "bench fails with status 1. The floating-point workload is reported as unavailable, with the reason, " +
          "when it cannot complete.",
      ) as unknown as Argv<BenchArguments>,
  handler: (argv: ArgumentsCamelCase<BenchArguments>) => {
    const iterations = positiveInteger("iterations", argv.iterations);
    const runs = positiveInteger("runs", argv.runs, 100) ?? 1;
    const maxInstructions = argv["max-instructions"] === undefined ? undefined : parseInstructionLimit(argv["max-instructions"]);
    const model = argv.cpu as CpuModel;
    const showProgress = !argv.json && process.stderr.isTTY === true;
    let report: BenchReport;
    try {
      report = runBenchmark({
        model,
        iterations,
        runs,
        qemu: argv.qemu,
        maxInstructions,
        progress: showProgress ? (message) => process.stderr.write(`\r\x1b[K${message}`) : undefined,
      });
    } catch (error) {
      if (!(error instanceof BenchFailure)) throw error;
      if (showProgress) process.stderr.write("\r\x1b[K");
      process.stderr.write(`ppcmac: bench failed: ${error.message}\n`);
      process.exit(1);
    }
    if (showProgress) process.stderr.write("\r\x1b[K");
    if (argv.json) {
      process.stdout.write(`${jsonReport(report)}\n`);
      return;
    }
    process.stdout.write(`ppcmac bench: ${CPU_NAMES[model]}, best of ${runs} run${runs === 1 ? "" : "s"} per side\n`);
    for (const result of report.results) {
      process.stdout.write(describeResult(result) + describeTranslationCost(result, report));
    }
  },
};
