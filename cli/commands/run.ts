/** `ppcmac run`: runs a guest program. Today: bare-metal images (`--bare`). */
import { writeSync } from "node:fs";
import { readFileSync } from "node:fs";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { formatUnhandled, runBare } from "../../board/bare.js";
import { Machine } from "../../board/machine.js";
import type { CpuModel } from "../../cpu/cpu.js";
import { parseElf } from "../../elf/elf.js";
import { ExitStatus, UsageError } from "../errors.js";
import { CPU_CHOICES, parseInstructionLimit, parseRamSize } from "../options.js";

interface RunArguments {
  program: string;
  args: string[];
  bare: boolean;
  cpu: string;
  ram: string;
  "max-instructions"?: number;
}

/** Guest console bytes go to stdout through a small buffer, flushed at newlines and at exit. */
class ConsoleWriter {
  private readonly buffer = Buffer.alloc(4096);
  private length = 0;

  write = (byte: number): void => {
    this.buffer[this.length++] = byte;
    if (byte === 0x0a || this.length === this.buffer.length) this.flush();
  };

  flush(): void {
    if (this.length > 0) writeSync(1, this.buffer, 0, this.length);
    this.length = 0;
  }
}

export const runCommand: CommandModule<object, RunArguments> = {
  command: "run <program> [args..]",
  describe: "Run a guest program",
  builder: (yargs: Argv) =>
    yargs
      .positional("program", { type: "string", demandOption: true, describe: "The guest ELF image to run" })
      .positional("args", { type: "string", array: true, default: [], describe: "Arguments for the guest program" })
      .option("bare", {
        type: "boolean",
        default: false,
        describe:
          "Run the image on the bare machine: load its PT_LOAD segments at their physical addresses and start at " +
          "the ELF entry in supervisor mode, translation off (see docs/board.md). Ends when the guest writes the " +
          "power register (0xF0000004); its value is the exit status.",
      })
      .option("cpu", { type: "string", choices: CPU_CHOICES as string[], default: "7400", describe: "Processor: 750 (G3) or 7400 (G4)" })
      .option("ram", { type: "string", default: "256M", describe: "Physical RAM size, 64M to 2G" })
      .option("max-instructions", {
        type: "number",
        describe: `Stop a runaway guest after this many instructions (exit status ${ExitStatus.InstructionLimit})`,
      })
      .epilogue(
        `Exit status: the guest's; ${ExitStatus.InstructionLimit} when --max-instructions stops it; ` +
          `${ExitStatus.UnhandledGuestException} when an exception reaches a vector with no handler or the CPU ` +
          `checkstops; ${ExitStatus.BadImage} for an image that is not a valid 32-bit big-endian PowerPC ELF.`,
      ) as unknown as Argv<RunArguments>,
  handler: (argv: ArgumentsCamelCase<RunArguments>) => {
    if (!argv.bare) {
      throw new UsageError("running programs under the guest kernel is not available yet; use --bare for bare-metal images");
    }
    const ramSize = parseRamSize(argv.ram);
    const limit = parseInstructionLimit(argv["max-instructions"]);
    const image = parseElf(new Uint8Array(readFileSync(argv.program)), argv.program);
    const console = new ConsoleWriter();
    const machine = new Machine({ ramSize, model: argv.cpu as CpuModel, consoleWrite: console.write });
    let outcome;
    try {
      outcome = runBare(machine, image, limit);
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(`${argv.program}: ${error.message}`);
      throw error;
    } finally {
      console.flush();
    }
    switch (outcome.kind) {
      case "exit":
        process.exit(outcome.status & 0xff);
        break;
      case "limit":
        process.stderr.write(`ppcmac: stopped after ${outcome.retired} instructions (--max-instructions reached)\n`);
        process.exit(ExitStatus.InstructionLimit);
        break;
      case "unhandled-exception":
        process.stderr.write(`ppcmac: ${formatUnhandled(outcome.report)}\n`);
        process.exit(ExitStatus.UnhandledGuestException);
        break;
      case "checkstop":
        process.stderr.write(`ppcmac: checkstop: ${outcome.report}\n`);
        process.exit(ExitStatus.UnhandledGuestException);
        break;
      case "halted":
        process.stderr.write(`ppcmac: halted: ${outcome.report}\n`);
        process.exit(ExitStatus.UnhandledGuestException);
    }
  },
};
