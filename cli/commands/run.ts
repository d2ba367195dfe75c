/**
 * `ppcmac run`: runs a guest program as a Mac OS X 10.4 process under the guest kernel
 * (docs/tasks.md), or, with `--bare`, a bare-metal image on the bare machine (docs/board.md).
 */
import { writeSync } from "node:fs";
import { readFileSync } from "node:fs";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { formatUnhandled, runBare } from "../../board/bare.js";
import { KernelBootError } from "../../board/kernel.js";
import { Machine } from "../../board/machine.js";
import { SIGNAL_MESSAGES, resolveProgram, runUserProgram } from "../../board/user-program.js";
import type { CpuModel } from "../../cpu/cpu.js";
import { parseElf } from "../../elf/elf.js";
import { ExitStatus, UsageError } from "../errors.js";
import { exitForMachineStop } from "../machine-stop.js";
import { CPU_CHOICES, parseInstructionLimit, parseRamSize } from "../options.js";

interface RunArguments {
  program: string;
  args: string[];
  bare: boolean;
  cpu: string;
  ram: string;
  "max-instructions"?: number;
  "kernel-log": boolean;
  kernel?: string;
}

/** Guest console bytes go to a host file descriptor through a small buffer, flushed at newlines and at exit. */
class ConsoleWriter {
  private readonly buffer = Buffer.alloc(4096);
  private length = 0;

  constructor(private readonly fd: number = 1) {}

  write = (byte: number): void => {
    this.buffer[this.length++] = byte;
    if (byte === 0x0a || this.length === this.buffer.length) this.flush();
  };

  flush(): void {
    if (this.length > 0) writeSync(this.fd, this.buffer, 0, this.length);
    this.length = 0;
  }
}

export const runCommand: CommandModule<object, RunArguments> = {
  command: "run <program> [args..]",
  describe: "Run a guest program under the Mac OS X 10.4-style guest kernel (or a bare-metal image with --bare)",
  builder: (yargs: Argv) =>
    yargs
      .positional("program", {
        type: "string",
        demandOption: true,
        describe:
          "The program: a committed guest program by name (hello = images/hello.elf) or the path to a 32-bit " +
          "big-endian PowerPC ELF executable laid out for 10.4 (docs/user-abi.md §6.2)",
      })
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
        describe: `Stop a runaway guest after this many instructions, kernel included (exit status ${ExitStatus.InstructionLimit})`,
      })
      .option("kernel-log", {
        type: "boolean",
        default: false,
        describe: "Also print the guest kernel's own console messages and its task report (on stderr)",
      })
      .option("kernel", { type: "string", describe: "Kernel image (default: images/kernel.elf)" })
      .epilogue(
        "Under the kernel the program's stdout and stderr are ppcmac's; put guest options after --, e.g. " +
          "ppcmac run hello -- 3 -x.\n" +
          "Exit status: the program's; 128 + the signal when a signal ends it, after the message a shell prints " +
          "(Segmentation fault 139, Bus error 138, Illegal instruction 132); 126 when the kernel refuses to exec " +
          `the file; ${ExitStatus.InstructionLimit} when --max-instructions stops it; ${ExitStatus.KernelPanic} when ` +
          `the kernel panics. With --bare: the guest's; ${ExitStatus.UnhandledGuestException} when an exception ` +
          `reaches a vector with no handler or the CPU checkstops; ${ExitStatus.BadImage} for an image that is not ` +
          "a valid 32-bit big-endian PowerPC ELF.",
      ) as unknown as Argv<RunArguments>,
  handler: (argv: ArgumentsCamelCase<RunArguments>) => {
    if (!argv.bare) {
      runUnderKernel(argv);
      return;
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
      case "unhandled-exception":
        process.stderr.write(`ppcmac: ${formatUnhandled(outcome.report)}\n`);
        process.exit(ExitStatus.UnhandledGuestException);
        break;
      default:
        exitForMachineStop(outcome);
    }
  },
};

/** Guest arguments given after `--` (yargs keeps them apart from the positionals). */
function afterDoubleDash(argv: ArgumentsCamelCase<RunArguments>): string[] {
  const rest = (argv as unknown as Record<string, unknown>)["--"] ?? argv._.slice(1);
  return Array.isArray(rest) ? rest.map(String) : [];
}

/** Runs a program as a process under the guest kernel and exits with its status. */
function runUnderKernel(argv: ArgumentsCamelCase<RunArguments>): void {
  const ramSize = parseRamSize(argv.ram);
  const limit = parseInstructionLimit(argv["max-instructions"]);
  const path = resolveProgram(argv.program);
  if (path === undefined) {
    throw new UsageError(`${argv.program}: no such program (neither images/${argv.program}.elf nor a file)`);
  }
  const image = new Uint8Array(readFileSync(path));
  const stdout = new ConsoleWriter(1);
  const stderr = new ConsoleWriter(2);
  let result;
  try {
    result = runUserProgram(image, {
      argv: [argv.program, ...argv.args.map(String), ...afterDoubleDash(argv)],
      model: argv.cpu as CpuModel,
      ramSize,
      maxInstructions: limit,
      kernelImage: argv.kernel,
      onStdout: stdout.write,
      onStderr: stderr.write,
    });
  } catch (error) {
    if (error instanceof KernelBootError) throw new UsageError(error.message);
    throw error;
  } finally {
    stdout.flush();
    stderr.flush();
  }
  if (argv["kernel-log"] || result.outcome.kind === "panic") {
    process.stderr.write(result.kernelLog);
    if (argv["kernel-log"]) process.stderr.write(result.report.lines.map((line) => `ppcmac-task: ${line}\n`).join(""));
  }
  const outcome = result.outcome;
  switch (outcome.kind) {
    case "exit":
    case "exec-failed":
      process.exit(outcome.status & 0xff);
      break;
    case "signal":
      process.stderr.write(`${SIGNAL_MESSAGES[outcome.signal] ?? `Signal ${outcome.signal}`}\n`);
      process.exit(outcome.status & 0xff);
      break;
    default:
      exitForMachineStop(outcome);
  }
}
