/** `ppcmac kernel-test`: boots the guest kernel in self-test mode and reports its suite (docs/kernel.md). */
import { writeSync } from "node:fs";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import {
  KernelBootError, loadKernelImage, parseSelfTestOutput, prepareKernelBoot, runKernel,
} from "../../board/kernel.js";
import { Machine } from "../../board/machine.js";
import type { CpuModel } from "../../cpu/cpu.js";
import { ExitStatus, UsageError } from "../errors.js";
import { CPU_CHOICES, parseInstructionLimit, parseRamSize } from "../options.js";
import { exitForMachineStop } from "../machine-stop.js";

interface KernelTestArguments {
  cpu: string;
  ram: string;
  kernel?: string;
  only?: string;
  "boot-args"?: string;
  "max-instructions"?: number;
}

/** Guest console bytes go to stdout as they come (flushed at newlines) and are kept for the summary. */
class TeeConsole {
  private readonly line: number[] = [];
  private readonly kept: string[] = [];

  write = (byte: number): void => {
    this.line.push(byte);
    if (byte === 0x0a) this.flush();
  };

  flush(): void {
    if (this.line.length === 0) return;
    const bytes = Buffer.from(this.line);
    writeSync(1, bytes);
    this.kept.push(bytes.toString("latin1"));
    this.line.length = 0;
  }

  get text(): string {
    return this.kept.join("");
  }
}

export const kernelTestCommand: CommandModule<object, KernelTestArguments> = {
  command: "kernel-test",
  describe: "Boot the guest kernel and run its self-test suite",
  builder: (yargs: Argv) =>
    yargs
      .option("cpu", { type: "string", choices: CPU_CHOICES as string[], default: "7400", describe: "Processor: 750 (G3) or 7400 (G4)" })
      .option("ram", { type: "string", default: "256M", describe: "Physical RAM size, 64M to 2G" })
      .option("kernel", { type: "string", describe: "Kernel image (default: images/kernel.elf)" })
      .option("only", { type: "string", describe: "Run only the tests whose names start with this (e.g. kma. or pmap.)" })
      .option("boot-args", { type: "string", describe: "More kernel command-line words (e.g. ht_shift=1)" })
      .option("max-instructions", {
        type: "number",
        describe: `Stop a runaway kernel after this many instructions (exit status ${ExitStatus.InstructionLimit})`,
      })
      .epilogue(
        "Prints one line per test (PASS name, or FAIL name: first failure) and ends with 'N passed, M failed'.\n" +
          `Exit status: 0 when every test passed; 1 when any failed; ${ExitStatus.KernelPanic} when the kernel ` +
          `panicked; ${ExitStatus.InstructionLimit} when --max-instructions stopped it; ${ExitStatus.BadImage} for a ` +
          `kernel image that is not a valid kernel ELF; ${ExitStatus.UsageError} for a missing image or too little RAM.`,
      ) as unknown as Argv<KernelTestArguments>,
  handler: (argv: ArgumentsCamelCase<KernelTestArguments>) => {
    const ramSize = parseRamSize(argv.ram);
    const limit = parseInstructionLimit(argv["max-instructions"]);
    const words = [argv.only !== undefined ? `only=${argv.only}` : "", argv["boot-args"] ?? ""].filter((w) => w !== "");
    const console = new TeeConsole();
    const machine = new Machine({ ramSize, model: argv.cpu as CpuModel, consoleWrite: console.write });
    try {
      const image = loadKernelImage(argv.kernel);
      prepareKernelBoot(machine, image, { mode: "selfTest", commandLine: words.join(" ") });
    } catch (error) {
      if (error instanceof KernelBootError) throw new UsageError(error.message);
      throw error;
    }
    let outcome;
    try {
      outcome = runKernel(machine, limit);
    } finally {
      console.flush();
    }
    const report = parseSelfTestOutput(console.text);
    switch (outcome.kind) {
      case "exit":
        if (report.summary === undefined) {
          process.stderr.write(`ppcmac: the kernel stopped (status ${outcome.status}) before the end of the self-tests\n`);
          process.exit(1);
        }
        if (report.results.length === 0) {
          process.stderr.write(`ppcmac: no self-test${argv.only !== undefined ? ` matches --only ${argv.only}` : " ran"}\n`);
          process.exit(1);
        }
        process.exit(outcome.status === 0 && report.summary.failed === 0 ? 0 : 1);
        break;
      default:
        exitForMachineStop(outcome);
    }
  },
};
