/**
 * Running a user program under the guest kernel (docs/tasks.md): boot the kernel with the program
 * in the boot area, run until the machine powers off, and sort the console's bytes by channel.
 *
 * The board has one console. The kernel marks each stretch of bytes with the channel it belongs
 * to: DLE (0x10) followed by a channel digit switches channel, a doubled DLE is a DLE of data.
 * Channel 0 is the kernel's own messages, 1 the program's stdout, 2 its stderr, and 3 the
 * kernel's report for the host: "ppcmac-task: ..." lines saying how the task ended, its map at
 * exec, its fault counters and its page accounting.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { CpuModel } from "../cpu/cpu.js";
import {
  KernelBootError, defaultKernelImagePath, loadKernelImage, prepareKernelBoot, runKernel, type KernelLayout,
} from "./kernel.js";
import { Machine } from "./machine.js";

export const CONSOLE_DLE = 0x10;
export const Channel = { kernel: 0x30, stdout: 0x31, stderr: 0x32, report: 0x33 } as const;

/** Darwin's signal numbers and what a shell prints for them (docs/user-abi.md §7). */
export const SIGNAL_MESSAGES: Readonly<Record<number, string>> = {
  4: "Illegal instruction",
  5: "Trace/BPT trap",
  10: "Bus error",
  11: "Segmentation fault",
  12: "Bad system call",
};

/** The exit status of a failed exec (the kernel's, as a shell's for a file it cannot execute). */
export const EXEC_FAILED_STATUS = 126;

/** Splits console bytes by channel as they arrive. */
export class ChannelDemultiplexer {
  private channel: number = Channel.kernel;
  private escaped = false;

  constructor(private readonly sink: (channel: number, byte: number) => void) {}

  write = (byte: number): void => {
    if (this.escaped) {
      this.escaped = false;
      if (byte === CONSOLE_DLE) this.sink(this.channel, byte);
      else this.channel = byte;
      return;
    }
    if (byte === CONSOLE_DLE) this.escaped = true;
    else this.sink(this.channel, byte);
  };
}

export interface TaskReport {
  /** Every report line, without the "ppcmac-task: " prefix. */
  readonly lines: readonly string[];
  readonly exitStatus?: number;
  readonly signal?: number;
  readonly execFailed: boolean;
  /** The task's map right after exec. */
  readonly initialMap: ReadonlyArray<{ start: number; end: number; protection: number; maxProtection: number }>;
  readonly counters?: Readonly<Record<string, number>>;
  readonly pages?: Readonly<Record<string, number>>;
}

const REPORT_PREFIX = "ppcmac-task: ";

/** "key=value key=value" with numbers in decimal or 0x hex. */
export function reportFields(line: string): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const part of line.split(" ")) {
    const [key, value] = part.split("=");
    if (value === undefined) continue;
    const number = Number(value);
    if (Number.isFinite(number)) fields[key] = number;
  }
  return fields;
}

export function parseTaskReport(text: string): TaskReport {
  const lines = text.split("\n").filter((l) => l.startsWith(REPORT_PREFIX)).map((l) => l.slice(REPORT_PREFIX.length));
  let exitStatus: number | undefined;
  let signal: number | undefined;
  let execFailed = false;
  let counters: Record<string, number> | undefined;
  let pages: Record<string, number> | undefined;
  const initialMap: { start: number; end: number; protection: number; maxProtection: number }[] = [];
  for (const line of lines) {
    const fields = reportFields(line);
    if (line.startsWith("exit ")) exitStatus = fields.status;
    else if (line.startsWith("signal=")) signal = fields.signal;
    else if (line.startsWith("exec failed")) execFailed = true;
    else if (line.startsWith("counters ")) counters = fields;
    else if (line.startsWith("pages ")) pages = fields;
    else if (line.startsWith("map ")) {
      initialMap.push({ start: fields.start, end: fields.end, protection: fields.protection, maxProtection: fields.max_protection });
    }
  }
  return { lines, exitStatus, signal, execFailed, initialMap, counters, pages };
}

export interface UserProgramOptions {
  readonly argv: readonly string[];
  readonly envp?: readonly string[];
  /** apple[0]; argv[0] by default. */
  readonly execPath?: string;
  readonly model?: CpuModel;
  readonly ramSize?: number;
  readonly maxInstructions: number;
  readonly kernelImage?: string;
  /** More kernel command-line words, e.g. "dumpmap". */
  readonly bootArgs?: string;
  readonly consoleInput?: Uint8Array;
  /** Called with each byte of the program's stdout / stderr as it comes (for the CLI). */
  readonly onStdout?: (byte: number) => void;
  readonly onStderr?: (byte: number) => void;
}

export type UserProgramOutcome =
  | { readonly kind: "exit"; readonly status: number }
  | { readonly kind: "signal"; readonly signal: number; readonly status: number }
  | { readonly kind: "exec-failed"; readonly status: number }
  | { readonly kind: "panic" }
  | { readonly kind: "limit"; readonly retired: number }
  | { readonly kind: "checkstop"; readonly report: string }
  | { readonly kind: "halted"; readonly report: string };

export interface UserProgramResult {
  readonly outcome: UserProgramOutcome;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly kernelLog: string;
  readonly report: TaskReport;
  readonly machine: Machine;
  readonly layout: KernelLayout;
}

/**
 * A committed guest program by name (images/NAME.elf), or a path to an ELF file. Returns the
 * path, or undefined when neither exists.
 */
export function resolveProgram(program: string): string | undefined {
  if (!program.includes("/") && /^[A-Za-z0-9_.-]+$/.test(program)) {
    const committed = join(defaultKernelImagePath(), "..", `${program}.elf`);
    if (existsSync(committed) && basename(program) !== "kernel") return committed;
  }
  return existsSync(program) ? program : undefined;
}

/** Boots the kernel with `image` as its program and runs to the end. */
export function runUserProgram(image: Uint8Array, options: UserProgramOptions): UserProgramResult {
  const stdout: number[] = [];
  const stderr: number[] = [];
  const kernel: number[] = [];
  const report: number[] = [];
  const demux = new ChannelDemultiplexer((channel, byte) => {
    switch (channel) {
      case Channel.stdout:
        stdout.push(byte);
        options.onStdout?.(byte);
        break;
      case Channel.stderr:
        stderr.push(byte);
        options.onStderr?.(byte);
        break;
      case Channel.report:
        report.push(byte);
        break;
      default:
        kernel.push(byte);
    }
  });
  const machine = new Machine({
    ramSize: options.ramSize,
    model: options.model,
    consoleWrite: demux.write,
    consoleInput: options.consoleInput,
  });
  const kernelImage = loadKernelImage(options.kernelImage);
  const argv = options.argv;
  if (argv.length === 0) throw new KernelBootError("a program needs at least argv[0]");
  const layout = prepareKernelBoot(machine, kernelImage, {
    commandLine: options.bootArgs ?? "",
    program: { image, execPath: options.execPath ?? argv[0], argv, envp: options.envp ?? [] },
  });
  const result = runKernel(machine, options.maxInstructions);
  const parsed = parseTaskReport(Buffer.from(report).toString("latin1"));
  let outcome: UserProgramOutcome;
  switch (result.kind) {
    case "exit":
      if (parsed.execFailed) outcome = { kind: "exec-failed", status: result.status };
      else if (parsed.signal !== undefined) outcome = { kind: "signal", signal: parsed.signal, status: result.status };
      else outcome = { kind: "exit", status: result.status };
      break;
    default:
      outcome = result;
  }
  return {
    outcome,
    stdout: Uint8Array.from(stdout),
    stderr: Uint8Array.from(stderr),
    kernelLog: Buffer.from(kernel).toString("latin1"),
    report: parsed,
    machine,
    layout,
  };
}

/** Reads a program file for runUserProgram. */
export function readProgram(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
