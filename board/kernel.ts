/**
 * Booting the guest kernel (docs/kernel.md): ppcmac plays BootX. It loads the kernel ELF at its
 * physical addresses, places the kernel's own symbol and string tables after the image (BootX
 * handed xnu its symbol table the same way), writes the boot-arguments block after that, and
 * starts the kernel in supervisor mode with translation off and r3 pointing at the block.
 *
 * Everything that can be checked before boot is: a missing or malformed image, an image that is
 * not a kernel (no symbol table), and RAM too small for the image, the boot data and the hash
 * table the kernel will put at the top of RAM.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MSR } from "../cpu/spr.js";
import { ElfError, PT_LOAD, SHT_SYMTAB, parseElf, type ElfImage, type ElfSection } from "../elf/elf.js";
import type { Machine } from "./machine.js";
import { PAGE_SIZE } from "./physmem.js";

/** MSR at entry: supervisor, translation off, external interrupts off, machine checks on. */
export const KERNEL_ENTRY_MSR = MSR.ME;

/** Boot-arguments block (kernel/ppc/boot.h): field offsets. */
export const BootArgs = {
  MAGIC: 0x4b42_4f4f, // "KBOO"
  REVISION: 1,
  VERSION: 1,
  offset: {
    magic: 0x000,
    revision: 0x004,
    version: 0x006,
    commandLine: 0x008,
    dramBanks: 0x108,
    topOfKernelData: 0x128,
    mode: 0x12c,
    symtab: 0x130,
    symtabSize: 0x134,
    strtab: 0x138,
    strtabSize: 0x13c,
    panicStatus: 0x140,
    execImage: 0x144,
    execImageSize: 0x148,
    execStrings: 0x14c,
    execStringsSize: 0x150,
    execArgc: 0x154,
    execEnvc: 0x158,
  },
  SIZE: 0x15c,
  COMMAND_LINE_LENGTH: 256,
  DRAM_BANKS: 4,
} as const;

export const BootMode = { normal: 0, selfTest: 1 } as const;
export type BootModeName = keyof typeof BootMode;

/**
 * What the kernel writes to the power register when it panics: a value no exit status (0-255)
 * can take, so a panic is never mistaken for a program's exit. Passed in the boot arguments.
 */
export const KERNEL_PANIC_POWER_VALUE = 0x5041_4e43; // "PANC"

/**
 * The hash-table rule of 10.4 (xnu-vm-ppc.md §4.2), the same one kernel/ppc/pmap.c applies: RAM
 * rounded up to a power of two, divided by 256, at least 256 KB; its PTEG control words (4
 * bytes per 64-byte PTEG, whole pages) lie just below it.
 */
export function hashTableSizes(ramSize: number): { readonly table: number; readonly pca: number } {
  let rounded = 1;
  while (rounded < ramSize) rounded *= 2;
  const table = Math.max(rounded / 256, 256 * 1024);
  const pca = roundPage((table / 64) * 4);
  return { table, pca };
}

export class KernelBootError extends Error {
  override readonly name = "KernelBootError";
}

/** A program for the kernel to exec at boot (docs/tasks.md): placed in the boot area like a ramdisk. */
export interface BootProgram {
  /** The ELF file's bytes, unchecked: the kernel checks them itself. */
  readonly image: Uint8Array;
  /** The exec path (apple[0]). */
  readonly execPath: string;
  readonly argv: readonly string[];
  readonly envp: readonly string[];
}

export interface KernelBootOptions {
  readonly mode?: BootModeName;
  /** The kernel command line (at most 255 bytes of Latin-1), e.g. "only=vm_page ht_shift=1". */
  readonly commandLine?: string;
  readonly program?: BootProgram;
}

/** The exec strings block: the exec path, the argv strings, the envp strings, each NUL-terminated (UTF-8). */
export function execStrings(program: BootProgram): Uint8Array {
  for (const text of [program.execPath, ...program.argv, ...program.envp]) {
    if (text.includes("\0")) throw new KernelBootError("program arguments and environment strings cannot contain NUL");
  }
  return new Uint8Array(Buffer.from([program.execPath, ...program.argv, ...program.envp].map((t) => `${t}\0`).join(""), "utf8"));
}

/** Where the loader put things, for the host-side tests and the debugger. */
export interface KernelLayout {
  readonly entry: number;
  /** First byte after the kernel's loaded segments. */
  readonly imageEnd: number;
  readonly bootArgs: number;
  readonly symtab: number;
  readonly symtabSize: number;
  readonly strtab: number;
  readonly strtabSize: number;
  /** The boot program's ELF bytes and exec strings, when there is one. */
  readonly execImage?: number;
  readonly execStrings?: number;
  /** First byte after everything the loader placed. */
  readonly topOfKernelData: number;
}

export type KernelOutcome =
  | { readonly kind: "exit"; readonly status: number }
  | { readonly kind: "panic" }
  | { readonly kind: "limit"; readonly retired: number }
  | { readonly kind: "checkstop"; readonly report: string }
  | { readonly kind: "halted"; readonly report: string };

const roundPage = (n: number): number => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** images/kernel.elf at the repository root, found from this module whether it runs from board/ or dist/board/. */
export function defaultKernelImagePath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(directory, "package.json")) && existsSync(join(directory, "images"))) {
      return join(directory, "images", "kernel.elf");
    }
    const parent = dirname(directory);
    if (parent === directory) throw new KernelBootError("cannot find the images/ directory that holds kernel.elf");
    directory = parent;
  }
}

/** Reads and checks a kernel image: a 32-bit big-endian PowerPC executable with a symbol table. */
export function loadKernelImage(path: string = defaultKernelImagePath()): ElfImage {
  if (!existsSync(path)) throw new KernelBootError(`kernel image ${path} does not exist (build it with npm run guest)`);
  const image = parseElf(new Uint8Array(readFileSync(path)), path);
  if (image.type !== 2) throw new ElfError(`${path}: not an executable (ELF type ${image.type}), so not a kernel image`);
  if (!image.segments.some((s) => s.type === PT_LOAD && s.memsz > 0)) throw new ElfError(`${path}: no loadable segments`);
  kernelSymbolTables(image, path);
  // Any ELF with symbols would pass the checks above; the boot-arguments block is the kernel's own.
  if (!image.symbols.some((symbol) => symbol.name === "PE_boot_args")) {
    throw new ElfError(`${path}: not a ppcmac kernel image (it has no PE_boot_args)`);
  }
  return image;
}

function kernelSymbolTables(image: ElfImage, what: string): { symtab: ElfSection; strtab: ElfSection } {
  const symtab = image.sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab === undefined) throw new ElfError(`${what}: no symbol table (.symtab): the kernel needs it for backtraces`);
  const strtab = image.sections[symtab.link];
  if (strtab === undefined) throw new ElfError(`${what}: the symbol table's string table is missing`);
  return { symtab, strtab };
}

/**
 * Loads the kernel into the machine's RAM, writes the symbol tables and boot arguments, and puts
 * the CPU in the entry state. Throws KernelBootError when RAM cannot hold it all.
 */
export function prepareKernelBoot(machine: Machine, image: ElfImage, options: KernelBootOptions = {}): KernelLayout {
  const ramSize = machine.phys.ramSize;
  const { symtab, strtab } = kernelSymbolTables(image, "kernel image");
  let imageEnd = 0;
  for (const segment of image.segments) {
    if (segment.type === PT_LOAD && segment.memsz > 0) imageEnd = Math.max(imageEnd, segment.paddr + segment.memsz);
  }
  const bootArgs = roundPage(imageEnd);
  const symtabAddress = bootArgs + roundPage(BootArgs.SIZE);
  const strtabAddress = symtabAddress + Math.ceil(symtab.data.length / 16) * 16;
  const program = options.program;
  const strings = program === undefined ? undefined : execStrings(program);
  const execImageAddress = roundPage(strtabAddress + strtab.data.length);
  const execStringsAddress = program === undefined ? 0 : roundPage(execImageAddress + program.image.length);
  const topOfKernelData =
    program === undefined || strings === undefined ? strtabAddress + strtab.data.length : execStringsAddress + strings.length;

  const { table, pca } = hashTableSizes(ramSize);
  const tableBase = Math.floor((ramSize - table) / table) * table;
  if (ramSize < table || tableBase - pca < roundPage(topOfKernelData)) {
    throw new KernelBootError(
      `${ramSize} bytes of RAM is too little: the kernel and its boot data end at ${hex(topOfKernelData)}, and the ` +
        `${table / 1024} KB hash table with its ${pca / 1024} KB of PTEG control words must fit above them at the top ` +
        `of RAM`,
    );
  }

  const commandLine = options.commandLine ?? "";
  const commandBytes = Buffer.from(commandLine, "latin1");
  if (commandBytes.length >= BootArgs.COMMAND_LINE_LENGTH || commandBytes.includes(0)) {
    throw new KernelBootError(`the kernel command line must be under ${BootArgs.COMMAND_LINE_LENGTH} bytes with no NUL`);
  }

  machine.loadElfPhysical(image);
  machine.phys.load(symtabAddress, symtab.data);
  machine.phys.load(strtabAddress, strtab.data);
  if (program !== undefined && strings !== undefined) {
    machine.phys.load(execImageAddress, program.image);
    machine.phys.load(execStringsAddress, strings);
  }

  const block = new Uint8Array(BootArgs.SIZE);
  const view = new DataView(block.buffer);
  const o = BootArgs.offset;
  view.setUint32(o.magic, BootArgs.MAGIC);
  view.setUint16(o.revision, BootArgs.REVISION);
  view.setUint16(o.version, BootArgs.VERSION);
  block.set(commandBytes, o.commandLine);
  view.setUint32(o.dramBanks, 0); // one bank: RAM at physical 0
  view.setUint32(o.dramBanks + 4, ramSize);
  view.setUint32(o.topOfKernelData, topOfKernelData);
  view.setUint32(o.mode, BootMode[options.mode ?? "normal"]);
  view.setUint32(o.symtab, symtabAddress);
  view.setUint32(o.symtabSize, symtab.data.length);
  view.setUint32(o.strtab, strtabAddress);
  view.setUint32(o.strtabSize, strtab.data.length);
  view.setUint32(o.panicStatus, KERNEL_PANIC_POWER_VALUE);
  if (program !== undefined && strings !== undefined) {
    view.setUint32(o.execImage, execImageAddress);
    view.setUint32(o.execImageSize, program.image.length);
    view.setUint32(o.execStrings, execStringsAddress);
    view.setUint32(o.execStringsSize, strings.length);
    view.setUint32(o.execArgc, program.argv.length);
    view.setUint32(o.execEnvc, program.envp.length);
  }
  machine.phys.load(bootArgs, block);

  const cpu = machine.cpu;
  cpu.reset();
  cpu.setMsr(KERNEL_ENTRY_MSR);
  cpu.pc = image.entry | 0;
  cpu.gpr[3] = bootArgs;
  return {
    entry: image.entry,
    imageEnd,
    bootArgs,
    symtab: symtabAddress,
    symtabSize: symtab.data.length,
    strtab: strtabAddress,
    strtabSize: strtab.data.length,
    ...(program !== undefined ? { execImage: execImageAddress, execStrings: execStringsAddress } : {}),
    topOfKernelData,
  };
}

/** Runs the booted kernel until it powers off, panics, or uses up the instruction budget. */
export function runKernel(machine: Machine, maxInstructions: number): KernelOutcome {
  const cpu = machine.cpu;
  cpu.run(maxInstructions);
  if (cpu.checkstopped) {
    return { kind: "checkstop", report: `machine check with MSR[ME]=0 at ${hex(cpu.cia)}` };
  }
  if (machine.exitStatus !== undefined) {
    if (machine.exitStatus >>> 0 === KERNEL_PANIC_POWER_VALUE) return { kind: "panic" };
    return { kind: "exit", status: machine.exitStatus };
  }
  if (cpu.powerDownHalted) return { kind: "halted", report: `the CPU powered down at ${hex(cpu.cia)} with nothing to wake it` };
  return { kind: "limit", retired: cpu.retired };
}

export interface SelfTestResult {
  readonly name: string;
  readonly passed: boolean;
  /** The first failure, for a failed test. */
  readonly detail: string;
}

export interface SelfTestReport {
  readonly results: readonly SelfTestResult[];
  /** The final "N passed, M failed" line, if the suite got that far. */
  readonly summary: { readonly passed: number; readonly failed: number } | undefined;
}

/** Reads the self-test suite's console output (docs/kernel.md): "PASS name", "FAIL name: ...", "N passed, M failed". */
export function parseSelfTestOutput(output: string): SelfTestReport {
  const results: SelfTestResult[] = [];
  let summary: SelfTestReport["summary"];
  for (const line of output.split("\n")) {
    const pass = /^PASS (\S+)$/.exec(line);
    if (pass !== null) results.push({ name: pass[1], passed: true, detail: "" });
    const fail = /^FAIL (\S+): (.*)$/.exec(line);
    if (fail !== null) results.push({ name: fail[1], passed: false, detail: fail[2] });
    const total = /^(\d+) passed, (\d+) failed$/.exec(line);
    if (total !== null) summary = { passed: Number(total[1]), failed: Number(total[2]) };
  }
  return { results, summary };
}
