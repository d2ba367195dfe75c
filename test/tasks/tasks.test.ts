/**
 * User tasks under the guest kernel (issue 6, docs/tasks.md), with the committed kernel and
 * programs. Every expected value comes from the ABI document (docs/user-abi.md), the specs'
 * rules (xnu-vm-ppc.md §4.3, §5) or the models in test/userland (first-fit.ts through
 * vmtorture-check.ts, exec-stack.ts, and the TypeScript stand-in darwin-user.ts), never from an
 * earlier run of the kernel.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashTableSizes, loadKernelImage } from "../../board/kernel.js";
import {
  ChannelDemultiplexer, EXEC_FAILED_STATUS, reportFields, runUserProgram, type UserProgramOptions, type UserProgramResult,
} from "../../board/user-program.js";
import { ACCESS_LOAD } from "../../mmu/faults.js";
import { PTE0_V } from "../../mmu/hashtable.js";
import { inspectTranslation } from "../../mmu/inspect.js";
import { REPO_ROOT } from "../support/shared.js";
import { runDarwinUser } from "../userland/darwin-user.js";
import { buildExecStack } from "../userland/exec-stack.js";
import { checkVmTorture, parseVmTorture } from "../userland/vmtorture-check.js";

const LIMIT = 400_000_000;
const USRSTACK = 0xc000_0000;
const imagePath = (name: string): string => join(REPO_ROOT, "images", `${name}.elf`);
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

function run(name: string, args: readonly string[] = [], options: Partial<UserProgramOptions> = {}): UserProgramResult {
  return runUserProgram(new Uint8Array(readFileSync(imagePath(name))), { argv: [name, ...args], maxInstructions: LIMIT, ...options });
}

/** The kernel's variable `name`, read from guest RAM through the kernel's ELF symbol table (V=R data). */
function kernelWord(result: UserProgramResult, name: string, offset = 0): number {
  const symbol = loadKernelImage().symbols.find((s) => s.name === name);
  if (symbol === undefined) throw new Error(`no kernel symbol ${name}`);
  return result.machine.phys.read32(symbol.value + offset) >>> 0;
}

/** incrVSID of xnu-vm-ppc.md §4.3 for a hash table of `size` bytes. */
function incrVsid(size: number): number {
  const bits = Math.floor(Math.log2(size)) + 1;
  return (2 ** ((bits + 1) >> 1)) | (2 ** ((bits + 1) >> 2)) | 1;
}

/** The segment register a task with address-space id `space` uses for segment s (§4.3). */
const userSegmentRegister = (space: number, segment: number): number =>
  (0x6000_0000 | (((space ^ segment) & 0x3ff) << 14) | space) >>> 0;

describe("console channels", () => {
  it("sorts bytes by channel and keeps a doubled DLE as data", () => {
    const seen: string[] = [];
    const demux = new ChannelDemultiplexer((channel, byte) => seen.push(`${String.fromCharCode(channel)}:${byte}`));
    for (const byte of [0x41, 0x10, 0x31, 0x42, 0x10, 0x10, 0x10, 0x32, 0x43, 0x10, 0x30, 0x44]) demux.write(byte);
    expect(seen).toEqual(["0:65", "1:66", "1:16", "2:67", "0:68"]);
  });
});

describe("exec and the first programs", () => {
  it("hello prints its line and arguments and exits with the status it was given", () => {
    const result = run("hello", ["3", "two words", "x"]);
    expect(result.outcome).toEqual({ kind: "exit", status: 3 });
    expect(text(result.stdout)).toBe(
      "Hello from a Mac OS X 10.4 user program on ppcmac!\nargc=4\nargv[0]=hello\nargv[1]=3\nargv[2]=two words\nargv[3]=x\n",
    );
    expect(text(result.stderr)).toBe("");
    expect(result.report.exitStatus).toBe(3);
  });

  it("writes to stderr apart from stdout", () => {
    const result = run("hello", ["notanumber"]);
    expect(result.outcome).toEqual({ kind: "exit", status: 64 });
    expect(text(result.stderr)).toBe("hello: the exit status must be a number, not 'notanumber'\n");
    expect(text(result.stdout)).toContain("argv[1]=notanumber\n");
  });

  it("lays out the 10.4 address space and the exec stack as Darwin does", () => {
    const argv = ["hello", "7", "abc"];
    const envp = ["HOME=/Users/ppc", "TERM=vt100"];
    const result = run("hello", argv.slice(1), { envp, execPath: "/usr/bin/hello", bootArgs: "dumpmap" });
    expect(result.outcome).toEqual({ kind: "exit", status: 7 });

    // docs/user-abi.md §6.1: pagezero, the three segments of §6.3 from 0x1000, the reserved ranges, the stack.
    const map = result.report.initialMap;
    expect(map[0]).toEqual({ start: 0, end: 0x1000, protection: 0, maxProtection: 0 });
    expect(map[1]).toMatchObject({ start: 0x1000, protection: 5, maxProtection: 7 });
    expect(map.find((e) => e.start === 0xbf80_0000)).toEqual({ start: 0xbf80_0000, end: USRSTACK, protection: 3, maxProtection: 7 });
    for (const reserved of [0x8fe0_0000, 0x9000_0000, 0xa000_0000, 0xffff_8000]) {
      expect(map.find((e) => e.start === reserved)?.protection, `reserved range at 0x${reserved.toString(16)}`).toBe(0);
    }
    for (let i = 1; i < map.length; i++) expect(map[i].start).toBeGreaterThanOrEqual(map[i - 1].end);

    // The stack, read through the task's own translation (the task is still in place with dumpmap).
    const expected = buildExecStack(USRSTACK, "/usr/bin/hello", argv, envp);
    const exec = result.report.lines.find((l) => l.startsWith("exec "));
    expect(reportFields(exec ?? "").sp).toBe(expected.sp);
    const space = reportFields(result.report.lines.find((l) => l.startsWith("pmap ")) ?? "").space;
    const cpu = result.machine.cpu;
    for (let s = 0; s < 16; s++) cpu.sr[s] = userSegmentRegister(space, s);
    cpu.mmu.flushTranslationCache();
    const readUser = (ea: number): number | undefined => {
      const t = inspectTranslation(cpu.mmu, ea, ACCESS_LOAD, { relocate: true, user: true });
      return t.physicalAddress === undefined ? undefined : result.machine.phys.read8(t.physicalAddress);
    };
    const written = new Map<number, number>();
    for (const write of expected.writes) write.bytes.forEach((byte, i) => written.set(write.address + i, byte));
    for (let ea = expected.sp; ea < USRSTACK; ea++) {
      expect(readUser(ea), `stack byte at 0x${ea.toString(16)}`).toBe(written.get(ea) ?? 0);
    }
  });

  it("runs a hand-linked assembly ELF (no runtime) with the exit status it computes", () => {
    const result = run("asm-hello", ["a", "b", "c"]);
    expect(text(result.stdout)).toBe("Hello from hand-written PowerPC assembly!\n");
    expect(result.outcome).toEqual({ kind: "exit", status: 4 }); // exit(argc)
  });

  it("abiprobe sees what the kernel stand-in of docs/user-abi.md shows, apart from the pid", () => {
    const argv = ["abiprobe", "one", "two"];
    const envp = ["A=1"];
    const real = run("abiprobe", argv.slice(1), { envp });
    const model = runDarwinUser(imagePath("abiprobe"), { argv, envp, maxInstructions: LIMIT });
    expect(real.outcome).toEqual({ kind: "exit", status: 0 });
    const withoutPid = (s: string): string => s.replace(/^getpid pid=\d+$/m, "getpid");
    expect(withoutPid(text(real.stdout))).toBe(withoutPid(model.stdout));
    expect(text(real.stdout)).toMatch(/^getpid pid=[1-9]\d*$/m);
  });
});

/**
 * A freestanding ELF built here, byte by byte, to the contract of docs/user-abi.md §6.2: one R+X
 * PT_LOAD at 0x1000 holding the headers and the code, as `ld -Ttext-segment=0x1000` would make it.
 */
function handMadeElf(code: readonly number[]): Uint8Array {
  const codeOffset = 52 + 32;
  const bytes = new Uint8Array(codeOffset + code.length * 4);
  const v = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1], 0); // ELFCLASS32, ELFDATA2MSB, EV_CURRENT
  v.setUint16(16, 2); // ET_EXEC
  v.setUint16(18, 20); // EM_PPC
  v.setUint32(20, 1);
  v.setUint32(24, 0x1000 + codeOffset); // e_entry
  v.setUint32(28, 52); // e_phoff
  v.setUint16(40, 52); // e_ehsize
  v.setUint16(42, 32); // e_phentsize
  v.setUint16(44, 1); // e_phnum
  v.setUint32(52, 1); // PT_LOAD
  v.setUint32(56, 0); // p_offset
  v.setUint32(60, 0x1000); // p_vaddr
  v.setUint32(64, 0x1000); // p_paddr
  v.setUint32(68, bytes.length); // p_filesz
  v.setUint32(72, bytes.length); // p_memsz
  v.setUint32(76, 5); // R X
  v.setUint32(80, 0x1000);
  code.forEach((word, i) => v.setUint32(codeOffset + 4 * i, word >>> 0));
  return bytes;
}

describe("system calls on a hand-made ELF", () => {
  /** write(1, buffer, 10) then exit(0) on success or exit(errno) on error (the sc+4 / sc+8 return). */
  const writeThenExit = (loadBufferAddress: number): number[] => [
    0x38000004, // li r0,4 (SYS_write)
    0x38600001, // li r3,1
    loadBufferAddress, // r4 = the buffer
    0x38a0000a, // li r5,10
    0x44000002, // sc
    0x4800000c, // sc+4: error: b exit (r3 = errno)
    0x38600000, // sc+8: success: li r3,0
    0x60000000, // nop
    0x38000001, // exit: li r0,1 (SYS_exit)
    0x44000002, // sc
    0x48000000, // b . (never reached)
  ];

  it("a write from an unmapped buffer fails with EFAULT through the copyin recovery, and the task goes on", () => {
    const result = runUserProgram(handMadeElf(writeThenExit(0x3c804000 /* lis r4,0x4000 */)), { argv: ["efault"], maxInstructions: LIMIT });
    expect(result.outcome).toEqual({ kind: "exit", status: 14 }); // EFAULT
    expect(result.stdout.length).toBe(0);
    expect(result.report.pages?.leaked).toBe(0);
  });

  it("a write from the program's own text succeeds at sc+8, and one from page zero fails with EFAULT", () => {
    const fromText = handMadeElf(writeThenExit(0x38801000 /* li r4,0x1000 */));
    const result = runUserProgram(fromText, { argv: ["text"], maxInstructions: LIMIT });
    expect(result.outcome).toEqual({ kind: "exit", status: 0 });
    expect(Array.from(result.stdout)).toEqual(Array.from(fromText.slice(0, 10))); // the ELF header, mapped at 0x1000
    const fromZero = runUserProgram(handMadeElf(writeThenExit(0x38800000 /* li r4,0 */)), { argv: ["z"], maxInstructions: LIMIT });
    expect(fromZero.outcome).toEqual({ kind: "exit", status: 14 });
  });
});

describe("vm_allocate and friends", () => {
  const result = run("vmtorture");

  it("vmtorture's calls match the first-fit model started from the map the kernel built", () => {
    expect(result.outcome).toEqual({ kind: "exit", status: 0 });
    const calls = parseVmTorture(text(result.stdout));
    expect(calls.length).toBeGreaterThan(300);
    expect(text(result.stdout)).toContain(`done operations=${calls.length}`);
    expect(checkVmTorture(calls, result.report.initialMap)).toEqual([]);
    // The same program on the stand-in, which answers from the model, prints the same lines.
    const model = runDarwinUser(imagePath("vmtorture"), { argv: ["vmtorture"], maxInstructions: LIMIT });
    expect(text(result.stdout)).toBe(model.stdout);
  });

  it("gives every page back: free_count returns to its value before exec", () => {
    const pages = result.report.pages;
    expect(pages).toBeDefined();
    if (pages === undefined) return;
    // Pages kernel pools took while the task ran (zones, mapping blocks) are theirs for good.
    expect(pages.free_after + pages.pool_pages).toBe(pages.free_before);
    expect(pages.leaked).toBe(0);
    expect(pages.pool_pages).toBeLessThan(32);
    // The kernel's own variable, read from RAM, agrees with the report.
    expect(kernelWord(result, "vm_page_free_count")).toBe(pages.free_after);
  });

  it("leaves the hash table holding exactly the PTEs the task's pmap records", () => {
    const held = run("vmtorture", [], { bootArgs: "dumpmap" });
    expect(held.outcome).toEqual({ kind: "exit", status: 0 });
    const pmapLine = held.report.lines.find((l) => l.startsWith("pmap "));
    expect(pmapLine).toBeDefined();
    const { space, spaceNum } = reportFields(pmapLine ?? "");
    const table = hashTableSizes(held.machine.phys.ramSize).table;
    expect(space).toBe((spaceNum * incrVsid(table)) & 0x3fff);

    const cpu = held.machine.cpu;
    for (let s = 0; s < 16; s++) cpu.sr[s] = userSegmentRegister(space, s);
    cpu.mmu.flushTranslationCache();
    const mappings = held.report.lines.filter((l) => l.startsWith("mapping ")).map((l) => {
      const f = reportFields(l);
      return { va: f.va, page: f.page, attributes: f.attributes, pte: f.pte, live: !l.endsWith("pte=none") };
    });
    // The walk below must cover real pages: the text's first page and the stack, both touched.
    expect(mappings.some((m) => m.va === 0x1000 && m.live)).toBe(true);
    expect(mappings.some((m) => m.va >= 0xbf80_0000 && m.live)).toBe(true);
    const livePtes = new Set<number>();
    for (const m of mappings) {
      const t = inspectTranslation(cpu.mmu, m.va, ACCESS_LOAD, { relocate: true, user: true });
      if (m.live) {
        expect(t.walk?.pte?.address, `PTE of 0x${m.va.toString(16)}`).toBe(m.pte);
        expect(t.walk?.pte?.rpn).toBe(m.page);
        expect(t.walk?.pte?.pp).toBe(m.attributes & 3);
        expect(t.walk?.pte?.secondary).toBe(false); // primary PTEG only (§4.5)
        livePtes.add(m.pte);
      } else {
        expect(t.walk?.pte, `no PTE for 0x${m.va.toString(16)}`).toBeUndefined();
      }
    }
    // And no other valid PTE in the table belongs to the task's space.
    const sdr1 = cpu.spr[25];
    const base = sdr1 & 0xffff_0000;
    const size = ((sdr1 & 0x1ff) + 1) * 0x10000;
    let taskPtes = 0;
    for (let pa = base; pa < base + size; pa += 8) {
      const word0 = held.machine.phys.read32(pa);
      if ((word0 & PTE0_V) === 0 || ((word0 >>> 7) & 0x3fff) !== space) continue;
      taskPtes++;
      expect(livePtes.has(pa), `stray PTE at 0x${pa.toString(16)}`).toBe(true);
    }
    expect(taskPtes).toBe(livePtes.size);
  });
});

describe("page faults", () => {
  const counters = (pages: number, mode: string) => {
    const result = run("faultcount", [String(pages), mode]);
    expect(result.outcome).toEqual({ kind: "exit", status: 0 });
    expect(text(result.stdout)).toContain(`faultcount pages=${pages} mode=${mode}`);
    const c = result.report.counters;
    if (c === undefined) throw new Error("no counters in the report");
    expect(kernelWord(result, "vm_fault_counters")).toBe(c.vm_fault);
    return c;
  };

  it.each(["write", "read"])("touching N fresh pages (%s) costs N DSI exceptions and N vm_fault calls", (mode) => {
    const none = counters(0, mode);
    for (const pages of [1, 8, 40]) {
      const some = counters(pages, mode);
      // §5: the first touch misses (DSI), handlePF finds no mapping, vm_fault zero-fills and enters
      // the page, and the redrive on the way out builds the PTE: one exception, one vm_fault per page.
      expect(some.dsi - none.dsi).toBe(pages);
      expect(some.vm_fault - none.vm_fault).toBe(pages);
      expect(some.zero_fill - none.zero_fill).toBe(pages);
      expect(some.redrive - none.redrive).toBe(pages);
      expect(some.passup - none.passup).toBe(pages);
      expect(some.isi).toBe(none.isi);
    }
  });
});

describe("crashes and refusals", () => {
  // docs/user-abi.md §7; a null dereference touches __PAGEZERO's no-access entry: SIGBUS on 10.4 (docs/tasks.md).
  it.each([
    ["crash-null", 10, 0x0],
    ["crash-unmapped", 11, 0x4000_0000],
    ["crash-illegal", 4, undefined],
    ["crash-text", 10, undefined],
  ] as const)("%s ends with signal %i", (name, signal, address) => {
    const result = run(name);
    expect(result.outcome).toEqual({ kind: "signal", signal, status: 128 + signal });
    const line = result.report.lines.find((l) => l.startsWith("signal="));
    if (address !== undefined) expect(reportFields(line ?? "").address).toBe(address);
    expect(result.report.pages?.leaked).toBe(0);
  });

  it("stops a runaway program at --max-instructions", () => {
    const limit = 30_000_000;
    const result = run("runaway", [], { maxInstructions: limit });
    expect(result.outcome.kind).toBe("limit");
    expect(result.machine.cpu.retired).toBeLessThanOrEqual(limit);
    expect(result.machine.cpu.retired).toBeGreaterThan(limit * 0.99);
    expect(text(result.stdout)).toContain("runaway");
  });

  const hello = new Uint8Array(readFileSync(imagePath("hello")));
  const patched = (edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array => {
    const bytes = hello.slice();
    edit(bytes, new DataView(bytes.buffer));
    return bytes;
  };
  const firstLoadHeader = (view: DataView): number => {
    const phoff = view.getUint32(28);
    for (let i = 0; i < view.getUint16(44); i++) if (view.getUint32(phoff + 32 * i) === 1) return phoff + 32 * i;
    throw new Error("no PT_LOAD");
  };
  it.each([
    ["not an ELF file", new TextEncoder().encode("#!/bin/sh\necho hi\n"), "not an ELF file"],
    ["empty", new Uint8Array(0), "not an ELF file"],
    ["64-bit", patched((b) => (b[4] = 2)), "32-bit"],
    ["little-endian", patched((b) => (b[5] = 1)), "big-endian"],
    ["x86", patched((_b, v) => v.setUint16(18, 3)), "PowerPC"],
    ["truncated", hello.slice(0, 0x800), "outside the file"],
    ["mapping page zero", patched((_b, v) => v.setUint32(firstLoadHeader(v) + 8, 0)), "page zero"],
    ["misaligned", patched((_b, v) => v.setUint32(firstLoadHeader(v) + 8, 0x1100)), "page-aligned"],
  ])("refuses an ELF that is %s with status 126 before anything runs", (_what, image, reason) => {
    const result = runUserProgram(image, { argv: ["bad"], maxInstructions: LIMIT });
    expect(result.outcome).toEqual({ kind: "exec-failed", status: EXEC_FAILED_STATUS });
    expect(text(result.stderr)).toMatch(new RegExp(`^exec: bad: .*${reason}`));
    expect(text(result.stdout)).toBe("");
    expect(result.report.lines.some((l) => l.startsWith("exec pid") || l.startsWith("map "))).toBe(false);
  });
});

describe("ppcmac run as a process", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, "dist", "cli", "main.js"), "run", ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 300_000,
    });
  const scratch = mkdtempSync(join(tmpdir(), "ppcmac-tasks-"));
  beforeAll(() => {
    const build = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 300_000 });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("runs a committed program by name with its arguments, stdout and exit status", () => {
    const result = cli("hello", "5", "--cpu", "750", "--ram", "64M", "--", "-x");
    expect(result.stdout).toBe(
      "Hello from a Mac OS X 10.4 user program on ppcmac!\nargc=3\nargv[0]=hello\nargv[1]=5\nargv[2]=-x\n",
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(5);
  });

  it("runs an ELF given by path", () => {
    const result = cli(imagePath("asm-hello"), "a");
    expect(result.stdout).toBe("Hello from hand-written PowerPC assembly!\n");
    expect(result.status).toBe(2);
  });

  it.each([
    ["crash-null", "Bus error", 138],
    ["crash-unmapped", "Segmentation fault", 139],
    ["crash-text", "Bus error", 138],
    ["crash-illegal", "Illegal instruction", 132],
  ])("%s prints what a Mac shell prints and exits 128 + the signal", (name, message, status) => {
    const result = cli(name);
    expect(result.stderr).toBe(`${message}\n`);
    expect(result.status).toBe(status);
  });

  it("stops a runaway program with a clear message and status 124", () => {
    const result = cli("runaway", "--max-instructions", "20000000");
    expect(result.status).toBe(124);
    expect(result.stderr).toMatch(/^ppcmac: stopped after \d+ instructions \(--max-instructions reached\)\n$/);
  });

  it("refuses a malformed file with the kernel's message and status 126, and a missing one with status 2", () => {
    const bad = join(scratch, "bad.elf");
    writeFileSync(bad, "not an executable");
    const refused = cli(bad);
    expect(refused.status).toBe(126);
    expect(refused.stderr).toBe(`exec: ${bad}: not an ELF file\n`);
    const missing = cli("no-such-program");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^ppcmac: no-such-program: no such program/);
    expect(missing.stderr).not.toMatch(/at .*\.js/);
  });

  it("documents its options in --help", () => {
    const help = cli("--help");
    expect(help.status).toBe(0);
    for (const option of ["--cpu", "--ram", "--max-instructions", "--bare", "--kernel-log"]) expect(help.stdout).toContain(option);
    expect(help.stdout).toContain("Segmentation fault 139");
  });
});
