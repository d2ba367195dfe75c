/**
 * The guest kernel (kernel/, docs/kernel.md), booted from the committed image:
 * - its self-test suite passes, on the default machine and on a G3 with 64 MB;
 * - after the suite, the host reads guest physical memory itself (through the MMU inspection
 *   API and straight from RAM, finding the kernel's variables through its ELF symbol table) and
 *   checks that the hash table, the PTEs and the free list are what the kernel reported and what
 *   xnu-vm-ppc.md §4.2 prescribes;
 * - the panic path prints the message, the registers and a symbolised backtrace, and ends the
 *   run with the panic status;
 * - bad input (missing or corrupt image, too little RAM) is refused before boot.
 * Expected values are computed here from the spec's rules and the RAM size.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  KERNEL_PANIC_POWER_VALUE, KernelBootError, defaultKernelImagePath, hashTableSizes, loadKernelImage,
  parseSelfTestOutput, prepareKernelBoot, runKernel, type KernelBootOptions, type KernelOutcome,
} from "../../board/kernel.js";
import { Machine } from "../../board/machine.js";
import type { CpuModel } from "../../cpu/cpu.js";
import { SPR } from "../../cpu/spr.js";
import { ElfError, type ElfImage } from "../../elf/elf.js";
import { ACCESS_LOAD } from "../../mmu/faults.js";
import { inspectTranslation } from "../../mmu/inspect.js";
import { REPO_ROOT } from "../support/shared.js";

const MB = 1 << 20;
/** Generous: the whole suite takes about 10^8 instructions at 256 MB. */
const LIMIT = 3_000_000_000;

interface Boot {
  readonly machine: Machine;
  readonly image: ElfImage;
  readonly outcome: KernelOutcome;
  readonly output: string;
}

function boot(ramSize: number, options: KernelBootOptions, model: CpuModel = "7400"): Boot {
  const bytes: number[] = [];
  const machine = new Machine({ ramSize, model, consoleWrite: (b) => bytes.push(b) });
  const image = loadKernelImage();
  prepareKernelBoot(machine, image, options);
  const outcome = runKernel(machine, LIMIT);
  return { machine, image, outcome, output: Buffer.from(bytes).toString("latin1") };
}

/** The coverage the suite must have (issue 5): one or more tests per area, by name prefix. */
const REQUIRED_TESTS = [
  "vm_page.grab_order", "vm_page.lifo_reuse", "vm_page.reserve", "vm_page.wait_immediate", "vm_page.wait_blocks",
  "vp_hash.thousands", "kma.invalid_argument", "kma.own_object", "kma.kobject", "kma.alignment", "kma.here",
  "kma.no_space", "kma.nopagewait_shortage", "kmem.wrappers", "pmap.pteg_slots_and_steal", "pmap.reference_change",
  "boot.hash_table",
];

function expectSuitePassed(run: Boot): void {
  const report = parseSelfTestOutput(run.output);
  const failed = report.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.detail}`);
  expect(failed).toEqual([]);
  expect(run.outcome).toEqual({ kind: "exit", status: 0 });
  expect(report.summary).toEqual({ passed: report.results.length, failed: 0 });
  const names = report.results.map((r) => r.name);
  for (const name of REQUIRED_TESTS) expect(names).toContain(name);
  // The summary is the last line.
  expect(run.output.trimEnd().split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
}

const u32 = (machine: Machine, pa: number): number => machine.phys.view.getUint32(pa);

function symbolAddress(image: ElfImage, name: string): number {
  const symbol = image.symbols.find((s) => s.name === name);
  if (symbol === undefined) throw new Error(`the kernel image has no symbol ${name}`);
  return symbol.value;
}

describe("guest kernel self-tests", () => {
  let run: Boot;
  beforeAll(() => {
    run = boot(256 * MB, { mode: "selfTest" });
  });

  it("pass on the default machine (G4, 256 MB)", () => {
    expectSuitePassed(run);
  });

  it("pass on a G3 with 64 MB", () => {
    expectSuitePassed(boot(64 * MB, { mode: "selfTest" }, "750"));
  });

  it("place the hash table as §4.2 says, seen from the host", () => {
    const ram = run.machine.phys.ramSize;
    const { table, pca } = hashTableSizes(ram);
    // 10.4: RAM rounded up to a power of two / 256, at the top of the bank, aligned to its size.
    let rounded = 1;
    while (rounded < ram) rounded *= 2;
    expect(table).toBe(Math.max(rounded / 256, 256 * 1024));
    const base = ram - table; // 256 MB is a multiple of the table size
    expect(run.machine.cpu.spr[SPR.SDR1] >>> 0).toBe((base | ((table - 1) >>> 16)) >>> 0);
    expect(run.output).toContain(`htab base 0x${base.toString(16).padStart(8, "0")}`);
    expect(run.output).toContain(`pca base 0x${(base - pca).toString(16).padStart(8, "0")}`);
    // Every PCA word agrees with its PTEG: a slot is free exactly when its PTE is invalid, and every
    // valid PTE uses the primary hash (H = 0).
    const ptegs = table / 64;
    let valid = 0;
    const mismatches: string[] = [];
    for (let n = 0; n < ptegs; n++) {
      const control = u32(run.machine, base - 4 - 4 * n);
      for (let slot = 0; slot < 8; slot++) {
        const word0 = u32(run.machine, base + n * 64 + slot * 8);
        const isValid = (word0 & 0x8000_0000) !== 0;
        const markedFree = ((control >>> 24) & (0x80 >> slot)) !== 0;
        if (isValid === markedFree) mismatches.push(`PTEG ${n} slot ${slot}: valid ${isValid}, PCA free ${markedFree}`);
        if (isValid && (word0 & 0x40) !== 0) mismatches.push(`PTEG ${n} slot ${slot}: secondary hash`);
        if (isValid) valid++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(valid).toBeGreaterThan(0);
  });

  it("leave PTEs in the hash table that the MMU finds where the kernel said, with its R and C", () => {
    const lines = [...run.output.matchAll(/^# host-check mapping va (0x[0-9a-f]+) pa (0x[0-9a-f]+) pte (0x[0-9a-f]+) r (\d) c (\d)$/gm)];
    expect(lines.length).toBe(4);
    for (const [, vaText, paText, pteText, r, c] of lines) {
      const va = Number(vaText);
      const translation = inspectTranslation(run.machine.cpu.mmu, va + 0x10, ACCESS_LOAD, { relocate: true, user: false });
      expect(translation.via).toBe("page");
      // Kernel space: VSID of segment s is s << 14, SR = 0x60000000 | VSID (§4.3).
      expect(translation.segment?.value).toBe((0x6000_0000 | ((va >>> 28) << 14)) >>> 0);
      if (Number(pteText) === 0) {
        // Mapped by the pmap but never touched: no PTE yet (they are built on the first miss).
        expect(translation.walk?.pte).toBeUndefined();
        expect(translation.fault?.reason).toBe("not-found");
        continue;
      }
      expect(translation.walk?.pte?.address).toBe(Number(pteText));
      expect(translation.walk?.pte?.secondary).toBe(false);
      expect(translation.walk?.primaryPteg).toBe(Number(pteText) & ~63);
      expect(translation.physicalAddress).toBe(Number(paText) + 0x10);
      expect(translation.walk?.pte?.r).toBe(r === "1");
      expect(translation.walk?.pte?.c).toBe(c === "1");
    }
    // Page 0 was only loaded: R (forced on, then set) without C; pages 1 and 2 were stored to.
    expect(lines.map((l) => `${l[4]}${l[5]}`)).toEqual(["10", "11", "11", "00"]);
  });

  it("leave a free list in RAM that matches free_count and holds no page the hash table maps", () => {
    const { machine, image } = run;
    const layoutAddress = symbolAddress(image, "vm_page_layout");
    const layout = {
      size: u32(machine, layoutAddress),
      next: u32(machine, layoutAddress + 4),
      physPage: u32(machine, layoutAddress + 8),
      freeWord: u32(machine, layoutAddress + 12),
      freeMask: u32(machine, layoutAddress + 16),
    };
    expect(layout.size).toBeGreaterThan(0);
    const freeCount = u32(machine, symbolAddress(image, "vm_page_free_count"));
    const reported = /^# host-check free_count (\d+) head (0x[0-9a-f]+)/m.exec(run.output);
    expect(reported).not.toBeNull();
    expect(freeCount).toBe(Number(reported?.[1]));

    // The kernel's data is V=R, so its pointers are physical addresses.
    const free = new Set<number>();
    const problems: string[] = [];
    let page = u32(machine, symbolAddress(image, "vm_page_queue_free"));
    expect(u32(machine, page + layout.physPage)).toBe(Number(reported?.[2]));
    while (page !== 0 && problems.length === 0) {
      const physPage = u32(machine, page + layout.physPage);
      if (free.has(physPage)) problems.push(`page 0x${physPage.toString(16)} is on the list twice`);
      if ((u32(machine, page + layout.freeWord) & layout.freeMask) === 0) problems.push(`page 0x${physPage.toString(16)} is not marked free`);
      free.add(physPage);
      page = u32(machine, page + layout.next);
    }
    expect(problems).toEqual([]);
    expect(free.size).toBe(freeCount);

    // No valid PTE maps a free page, and the pages the kernel reported mapped are not free.
    const sdr1 = machine.cpu.spr[SPR.SDR1] >>> 0;
    const base = sdr1 & 0xffff_0000;
    const size = ((sdr1 & 0x1ff) + 1) << 16;
    const mappedFree: number[] = [];
    for (let pte = base; pte < base + size; pte += 8) {
      if ((u32(machine, pte) & 0x8000_0000) !== 0 && free.has(u32(machine, pte + 4) >>> 12)) mappedFree.push(pte);
    }
    expect(mappedFree).toEqual([]);
    for (const [, pa] of run.output.matchAll(/^# host-check mapping va 0x[0-9a-f]+ pa (0x[0-9a-f]+)/gm)) {
      expect(free.has(Number(pa) >>> 12)).toBe(false);
    }
  });
});

describe("guest kernel panic", () => {
  /** The host's own naming of an address from the ELF symbol table (the nearest function at or below). */
  const nameOf = (image: ElfImage, address: number): string => {
    let best: { name: string; value: number } | undefined;
    for (const s of image.symbols) {
      if (s.type === 2 && s.value <= address && (best === undefined || s.value > best.value)) best = s;
    }
    return best === undefined ? "?" : `${best.name}+0x${(address - best.value).toString(16)}`;
  };

  /** Each backtrace line's name is checked against the host's: a return address is named by its call (address - 4). */
  const checkBacktrace = (run: Boot): string[] => {
    const lines = [...run.output.matchAll(/^ {2}0x([0-9a-f]{8}) {2}(\S+)$/gm)];
    expect(lines.length).toBeGreaterThan(1);
    return lines.map(([, address, name], index) => {
      const value = parseInt(address, 16);
      const host = nameOf(run.image, index === 0 ? value : value - 4);
      const [fn, offset] = host.split("+0x");
      const expected = index === 0 ? host : `${fn}+0x${(parseInt(offset, 16) + 4).toString(16)}`;
      expect(name).toBe(expected);
      return fn;
    });
  };

  it("prints the message, the registers and a symbolised backtrace, and ends with the panic status", () => {
    const run = boot(64 * MB, { commandLine: "panictest" });
    expect(run.outcome).toEqual({ kind: "panic" });
    expect(run.machine.exitStatus! >>> 0).toBe(KERNEL_PANIC_POWER_VALUE);
    expect(run.output).toContain("panic: panic test requested on the command line");
    expect(run.output).toContain("registers at the call to panic:");
    for (let r = 0; r < 32; r += 4) expect(run.output).toMatch(new RegExp(`^  r${r} +0x[0-9a-f]{8}  r${r + 1} `, "m"));
    expect(run.output).toMatch(/^ {2}srr0 0x[0-9a-f]{8} {2}srr1 0x[0-9a-f]{8} {2}lr {2}0x[0-9a-f]{8}/m);
    const functions = checkBacktrace(run);
    expect(functions[0]).toBe("panic");
    expect(functions).toContain("kernel_bootstrap");
    expect(functions).toContain("ppc_init");
  });

  it("reports a kernel fault with the registers of the faulting instruction", () => {
    const run = boot(64 * MB, { commandLine: "panictest=fault" });
    expect(run.outcome).toEqual({ kind: "panic" });
    // The address lies in kernel_map but no entry covers it, so vm_fault says KERN_INVALID_ADDRESS.
    expect(run.output).toContain("panic: kernel store fault at 0xd0000000: KERN_INVALID_ADDRESS");
    expect(run.output).toContain("registers at the DSI exception:");
    expect(run.output).toMatch(/dar 0xd0000000 {2}dsisr 0x42000000/); // not found, store (OEA §6.4.3)
    const functions = checkBacktrace(run);
    expect(functions[0]).toBe("kernel_bootstrap"); // SRR0: the faulting store itself
  });
});

describe("guest kernel boot refuses bad input before it starts", () => {
  let scratch = "";
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "ppcmac-kernel-"));
  });
  afterAll(() => {
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
  });

  it("a missing image", () => {
    expect(() => loadKernelImage(join(scratch, "no-such-kernel.elf"))).toThrow(KernelBootError);
    expect(() => loadKernelImage(join(scratch, "no-such-kernel.elf"))).toThrow(/does not exist/);
  });

  it("a corrupt image: truncated, or without the symbol table a backtrace needs", () => {
    const bytes = readFileSync(defaultKernelImagePath());
    const truncated = join(scratch, "truncated.elf");
    writeFileSync(truncated, bytes.subarray(0, 0x800));
    expect(() => loadKernelImage(truncated)).toThrow(ElfError);
    const noSections = Buffer.from(bytes);
    noSections.writeUInt16BE(0, 48); // e_shnum = 0: no section headers, so no .symtab
    const stripped = join(scratch, "stripped.elf");
    writeFileSync(stripped, noSections);
    expect(() => loadKernelImage(stripped)).toThrow(/no symbol table/);
    const notElf = join(scratch, "text.elf");
    writeFileSync(notElf, "not an ELF file at all, just text long enough to have a header's size.....");
    expect(() => loadKernelImage(notElf)).toThrow(ElfError);
  });

  it("too little RAM for the kernel, its boot data and the hash table", () => {
    // The smallest table (256 KB, aligned to its size) would have to start at 0, under the kernel.
    const machine = new Machine({ ramSize: 384 * 1024 });
    expect(() => prepareKernelBoot(machine, loadKernelImage())).toThrow(KernelBootError);
    expect(() => prepareKernelBoot(machine, loadKernelImage())).toThrow(/too little.*hash table/);
    expect(machine.cpu.retired).toBe(0);
  });
});

describe("ppcmac kernel-test as a process", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, "dist", "cli", "main.js"), "kernel-test", ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 300_000,
    });
  beforeAll(() => {
    const build = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 300_000 });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  });

  it("prints one line per test and the summary, exit status 0", () => {
    const result = cli("--only", "kma.", "--ram", "64M");
    expect(result.status).toBe(0);
    const report = parseSelfTestOutput(result.stdout);
    expect(report.results.length).toBeGreaterThan(5);
    expect(report.results.every((r) => r.name.startsWith("kma.") && r.passed)).toBe(true);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(`${report.results.length} passed, 0 failed`);
  });

  it("exits with the panic status when the kernel panics", () => {
    const result = cli("--ram", "64M", "--boot-args", "panictest");
    expect(result.status).toBe(123);
    expect(result.stdout).toContain("panic: panic test requested");
    expect(result.stderr).toContain("the kernel panicked");
  });

  it("refuses a missing or corrupt image with one line, without a stack trace", () => {
    const missing = cli("--kernel", "/nonexistent/kernel.elf");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const corrupt = cli("--kernel", join(REPO_ROOT, "package.json"));
    expect(corrupt.status).toBe(126);
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);
  });
});
