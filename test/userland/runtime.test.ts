/**
 * The user side of the kernel ABI (docs/user-abi.md), tested without the guest kernel: the
 * committed program images follow the layout contract (§6); the runtime's MIG requests have the
 * documented bytes and its reply checks behave as MIG's (§4); crt0, the BSD return convention
 * and errno work (§2, §5); every program does what it is for when run on the TypeScript
 * stand-in for the kernel side (darwin-user.ts); and the first-fit model the kernel tests will
 * judge vmtorture with gives the hand-computed answers.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PF_R, PF_W, PF_X, PT_LOAD, parseElf, type ElfImage } from "../../elf/elf.js";
import { REPO_ROOT } from "../support/shared.js";
import { PID, TASK_PORT, runDarwinUser, type DarwinRunOptions, type SentMessage } from "./darwin-user.js";
import { buildExecStack } from "./exec-stack.js";
import {
  FirstFitMap, KERN_INVALID_ADDRESS, KERN_INVALID_ARGUMENT, KERN_NO_SPACE, KERN_PROTECTION_FAILURE, KERN_SUCCESS,
  VM_PROT_ALL, VM_PROT_DEFAULT, VM_PROT_NONE, VM_PROT_READ, type MapEntry,
} from "./first-fit.js";
import { checkVmTorture, parseVmTorture } from "./vmtorture-check.js";

const RUNTIME_PROGRAMS = [
  "hello", "abiprobe", "vmtorture", "faultcount", "crash-null", "crash-unmapped", "crash-text", "crash-illegal", "runaway",
];
const image = (name: string): string => join(REPO_ROOT, "images", `${name}.elf`);
const load = (name: string): ElfImage => parseElf(new Uint8Array(readFileSync(image(name))), name);
const run = (name: string, options: Partial<DarwinRunOptions> & { argv: string[] }) =>
  runDarwinUser(image(name), { maxInstructions: 5_000_000, ...options });

const PAGE = 0x1000;
const ET_EXEC = 2;

/** §6: what every user image must satisfy, whoever built it. */
function checkContract(elf: ElfImage): void {
  expect(elf.type).toBe(ET_EXEC);
  const loads = elf.segments.filter((s) => s.type === PT_LOAD && s.memsz > 0);
  expect(loads.length).toBeGreaterThan(0);
  let previousEnd = PAGE;
  for (const segment of loads) {
    expect(segment.vaddr % PAGE).toBe(0);
    expect(segment.offset % PAGE).toBe(segment.vaddr % PAGE);
    expect(segment.vaddr).toBeGreaterThanOrEqual(previousEnd); // nothing at page zero, in address order
    previousEnd = Math.ceil((segment.vaddr + segment.memsz) / PAGE) * PAGE;
  }
  const text = loads.find((s) => elf.entry >= s.vaddr && elf.entry < s.vaddr + s.memsz);
  expect(text, "the entry point lies in a loaded segment").toBeDefined();
  expect((text?.flags ?? 0) & PF_X).toBe(PF_X);
}

describe("image layout (docs/user-abi.md §6)", () => {
  for (const name of RUNTIME_PROGRAMS) {
    it(`${name}: text from 0x1000 holding the ELF header, then data, then a read-only linkedit`, () => {
      const elf = load(name);
      checkContract(elf);
      const loads = elf.segments.filter((s) => s.type === PT_LOAD);
      expect(loads.map((s) => s.flags)).toEqual([PF_R | PF_X, PF_R | PF_W, PF_R]);
      expect(loads[0].vaddr).toBe(0x1000);
      expect(loads[0].offset).toBe(0); // like __TEXT, the first segment starts with the file's header
      expect(loads[1].vaddr).toBe(Math.ceil((loads[0].vaddr + loads[0].memsz) / PAGE) * PAGE);
      expect(loads[2].vaddr).toBe(Math.ceil((loads[1].vaddr + loads[1].memsz) / PAGE) * PAGE);
      expect(elf.entry).toBe(elf.symbols.find((s) => s.name === "start")?.value);

      // The linkedit record describes the image it is in.
      const record = new DataView(loads[2].data.buffer, loads[2].data.byteOffset, loads[2].data.byteLength);
      expect(Buffer.from(loads[2].data.subarray(0, 8)).toString("latin1")).toBe("PPCLAYT1");
      const words = Array.from({ length: 8 }, (_, i) => record.getUint32(8 + 4 * i));
      expect(words).toEqual([
        0x1000, loads[0].vaddr + loads[0].memsz,
        loads[1].vaddr, loads[1].vaddr + loads[1].filesz, loads[1].vaddr + loads[1].memsz,
        loads[2].vaddr, loads[2].vaddr + loads[2].memsz,
        elf.entry,
      ]);
    });
  }

  it("asm-hello (default ld script, -Ttext-segment=0x1000) follows the general contract", () => {
    const elf = load("asm-hello");
    checkContract(elf);
    expect(elf.segments.filter((s) => s.type === PT_LOAD)[0].vaddr).toBe(0x1000);
  });

  it("every program has a committed image", () => {
    for (const name of [...RUNTIME_PROGRAMS, "asm-hello"]) expect(existsSync(image(name)), name).toBe(true);
  });
});

describe("the exec stack (docs/user-abi.md §5)", () => {
  it("lays out argc, argv, envp, the exec path and the strings as xnu-792 does", () => {
    // Worked by hand: strings "/bin/x\0" (7) + "x\0" (2) + "A=1\0" (4) = 13 bytes; the string
    // area is sized for 13 + round4(13) = 29 -> 32, below a 4-byte gap under the top.
    const top = 0xc000_0000;
    const stack = buildExecStack(top, "/bin/x", ["x"], ["A=1"]);
    const stringArea = top - 32 - 4; // 0xbfffffdc
    const pathArea = stringArea - 8; // the 7-byte path rounded to 8
    expect(stack.execPathAddress).toBe(pathArea);
    expect(stack.sp).toBe(pathArea - (1 + 1 + 4) * 4 - 4); // argc + 6 pointer slots
    expect(stack.argvAddresses).toEqual([stringArea]);
    expect(stack.envpAddresses).toEqual([stringArea + 2]);
    const memory = new Map<number, number>();
    for (const write of stack.writes) write.bytes.forEach((byte, i) => memory.set(write.address + i, byte));
    const word = (at: number) => ((memory.get(at) ?? 0) * 2 ** 24 + (memory.get(at + 1) ?? 0) * 2 ** 16 +
      (memory.get(at + 2) ?? 0) * 2 ** 8 + (memory.get(at + 3) ?? 0));
    const sp = stack.sp;
    expect([word(sp), word(sp + 4), word(sp + 8), word(sp + 12), word(sp + 16), word(sp + 20), word(sp + 24)]).toEqual([
      1, stringArea, 0, stringArea + 2, 0, pathArea, 0,
    ]);
    expect(sp + 28).toBe(pathArea);
  });
});

describe("first-fit model (xnu-vm-ppc.md §3.4)", () => {
  const exec = (): FirstFitMap =>
    new FirstFitMap(0, undefined, [
      { start: 0, end: 0x1000, protection: VM_PROT_NONE, maxProtection: VM_PROT_NONE },
      { start: 0x1000, end: 0x4000, protection: 5, maxProtection: VM_PROT_ALL },
      { start: 0x4000, end: 0x5000, protection: VM_PROT_DEFAULT, maxProtection: VM_PROT_ALL },
      { start: 0x5000, end: 0x6000, protection: VM_PROT_READ, maxProtection: VM_PROT_ALL },
    ]);

  it("places anywhere allocations first-fit from 0x1000, whole pages, ignoring the address passed", () => {
    const map = exec();
    expect(map.allocate(0x7777_0000, 1, 1)).toEqual({ kr: KERN_SUCCESS, address: 0x6000 });
    expect(map.allocate(0, 0x1001, 1)).toEqual({ kr: KERN_SUCCESS, address: 0x7000 });
    expect(map.allocate(0, 0x3000, 1)).toEqual({ kr: KERN_SUCCESS, address: 0x9000 });
    expect(map.deallocate(0x7000, 0x2000)).toBe(KERN_SUCCESS); // re-opens 0x7000-0x8fff
    expect(map.allocate(0, 0x3000, 1)).toEqual({ kr: KERN_SUCCESS, address: 0xc000 }); // too big for the hole
    expect(map.allocate(0, 0x800, 1)).toEqual({ kr: KERN_SUCCESS, address: 0x7000 });
  });

  it("size 0 succeeds with address 0; a free of size 0 succeeds", () => {
    const map = exec();
    expect(map.allocate(0x5000, 0, 1)).toEqual({ kr: KERN_SUCCESS, address: 0 });
    expect(map.deallocate(0x1234, 0)).toBe(KERN_SUCCESS);
    expect(map.entries).toEqual(exec().entries);
  });

  it("clips partial frees, skips holes and refuses a range that wraps", () => {
    const map = exec();
    map.allocate(0, 0x5000, 1); // 0x6000-0xafff
    expect(map.deallocate(0x7010, 0x1000)).toBe(KERN_SUCCESS); // pages 0x7000 and 0x8000
    expect(map.entries.slice(4).map((e) => [e.start, e.end])).toEqual([[0x6000, 0x7000], [0x9000, 0xb000]]);
    expect(map.deallocate(0x6000, 0x10000)).toBe(KERN_SUCCESS); // holes inside are fine
    expect(map.entries.length).toBe(4);
    expect(map.deallocate(0xffff_f000, 0x2000)).toBe(KERN_INVALID_ARGUMENT);
    expect(map.deallocate(0xffff_f000, 0x2000, 64)).toBe(KERN_SUCCESS);
  });

  it("fixed allocations: overlap is KERN_NO_SPACE, past the end KERN_INVALID_ADDRESS", () => {
    const map = exec();
    expect(map.allocate(0, 0x1000, 0)).toEqual({ kr: KERN_NO_SPACE, address: 0 });
    expect(map.allocate(0x8123, 0x1000, 0)).toEqual({ kr: KERN_SUCCESS, address: 0x8000 });
    expect(map.allocate(0xffff_f000, 0x1000, 0)).toEqual({ kr: KERN_INVALID_ADDRESS, address: 0xffff_f000 });
    expect(map.allocate(0, 0x2000, 1)).toEqual({ kr: KERN_SUCCESS, address: 0x6000 });
    expect(map.allocate(0, 0x1000, 1)).toEqual({ kr: KERN_SUCCESS, address: 0x9000 });
  });

  it("vm_protect needs every page mapped and respects the maximum", () => {
    const map = exec();
    map.allocate(0, 0x3000, 1); // 0x6000-0x8fff
    expect(map.protect(0x7000, 0x1000, false, VM_PROT_READ)).toBe(KERN_SUCCESS);
    expect(map.lookup(0x7000)?.protection).toBe(VM_PROT_READ);
    expect(map.lookup(0x6000)?.protection).toBe(VM_PROT_DEFAULT);
    expect(map.protect(0x8000, 0x2000, false, VM_PROT_READ)).toBe(KERN_INVALID_ADDRESS);
    expect(map.protect(0x0, 0x1000, false, VM_PROT_READ)).toBe(KERN_PROTECTION_FAILURE); // __PAGEZERO's maximum
    expect(map.protect(0x6000, 0x1000, true, VM_PROT_READ)).toBe(KERN_SUCCESS);
    expect(map.protect(0x6000, 0x1000, false, VM_PROT_DEFAULT)).toBe(KERN_PROTECTION_FAILURE);
  });
});

/** The documented request layout (docs/user-abi.md §4): [offset, size in bytes, expected value]. */
type Field = readonly [offset: number, size: 4 | 8, value: number];
function header(size: number, id: number, replyPort: number): Field[] {
  return [
    [0, 4, 0x1513], // MACH_MSGH_BITS(COPY_SEND 19, MAKE_SEND_ONCE 21)
    [4, 4, size],
    [8, 4, TASK_PORT],
    [12, 4, replyPort],
    [16, 4, 0],
    [20, 4, id],
    [24, 4, 0], // NDR record, all zero on big-endian PowerPC
    [28, 4, 0],
  ];
}
function checkMessage(message: SentMessage, size: number, receiveSize: number, fields: Field[]): void {
  expect(message.sendSize).toBe(size);
  expect(message.bytes.length).toBe(size);
  expect(message.receiveSize).toBe(receiveSize);
  expect(message.option).toBe(3); // MACH_SEND_MSG | MACH_RCV_MSG
  expect([message.timeout, message.notify]).toEqual([0, 0]);
  const view = new DataView(message.bytes.buffer, message.bytes.byteOffset);
  const covered = new Set<number>();
  for (const [offset, width, value] of fields) {
    const actual = width === 4 ? view.getUint32(offset) : view.getUint32(offset) * 2 ** 32 + view.getUint32(offset + 4);
    expect(actual, `field at ${offset}`).toBe(value);
    for (let i = 0; i < width; i++) covered.add(offset + i);
  }
  expect(covered.size, "every byte of the request is a documented field").toBe(size);
}

describe("abiprobe on the kernel stand-in: MIG requests, replies, BSD calls (docs/user-abi.md §2-§5)", () => {
  const argv = ["abiprobe", "one", "two words"];
  const envp = ["HOME=/", "LANG=C"];
  const result = run("abiprobe", { argv, envp, execPath: "/usr/bin/abiprobe" });
  const loads = result.elf.segments.filter((s) => s.type === PT_LOAD);
  const programEnd = Math.ceil((loads[2].vaddr + loads[2].memsz) / PAGE) * PAGE;

  it("runs to exit 0 and reports what crt0 found and what each call returned", () => {
    expect(result.signal, result.faultDescription).toBeUndefined();
    expect(result.exitStatus).toBe(0);
    const a = programEnd.toString(16);
    expect(result.stdout).toBe(
      [
        "start argc=3 envc=2 exec_path=/usr/bin/abiprobe",
        "arg index=0 value=abiprobe", "arg index=1 value=one", "arg index=2 value=two words",
        "env index=0 value=HOME=/", "env index=1 value=LANG=C",
        `getpid pid=${PID}`,
        "write-bad-fd result=-1 errno=9",
        `task_self port=0x${TASK_PORT.toString(16)}`,
        `vm_allocate kr=0 address=0x${a}`,
        "vm_protect kr=0",
        "vm_deallocate kr=0",
        `mach_vm_allocate kr=0 address=0x${a}`,
        "mach_vm_protect kr=0",
        "mach_vm_deallocate kr=0",
        "vm_deallocate-wrap kr=4",
        `mmap address=0x${a} errno=0`,
        "munmap result=0",
        "unknown-syscall result=-1 errno=78",
        "",
      ].join("\n"),
    );
  });

  it("sends each VM request with exactly the documented bytes", () => {
    const a = programEnd;
    const m = result.messages;
    expect(m.length).toBe(7);
    const reply = new DataView(m[0].bytes.buffer, m[0].bytes.byteOffset).getUint32(12);
    for (const message of m) expect(message.receiveName).toBe(reply); // one reply port, kept
    checkMessage(m[0], 44, 48, [...header(44, 3801, reply), [32, 4, 0], [36, 4, 0x3000], [40, 4, 1]]);
    checkMessage(m[1], 48, 44, [...header(48, 3803, reply), [32, 4, a + 0x1000], [36, 4, 0x1000], [40, 4, 0], [44, 4, 1]]);
    checkMessage(m[2], 40, 44, [...header(40, 3802, reply), [32, 4, a], [36, 4, 0x3000]]);
    checkMessage(m[3], 52, 52, [...header(52, 4800, reply), [32, 8, 0], [40, 8, 0x2000], [48, 4, 1]]);
    checkMessage(m[4], 56, 44, [...header(56, 4802, reply), [32, 8, a], [40, 8, 0x2000], [48, 4, 1], [52, 4, 3]]);
    checkMessage(m[5], 48, 44, [...header(48, 4801, reply), [32, 8, a], [40, 8, 0x2000]]);
    checkMessage(m[6], 40, 44, [...header(40, 3802, reply), [32, 4, 0xffff_f000], [36, 4, 0x2000]]);
  });

  const firstLine = (override: DarwinRunOptions["migOverride"]): string =>
    run("abiprobe", { argv: ["abiprobe"], migOverride: override }).stdout.split("\n").find((l) => l.startsWith("vm_allocate")) ?? "";

  it("checks replies as MIG does: id, size, error replies", () => {
    const body = new Uint8Array([0x12, 0x34, 0x50, 0x00]);
    expect(firstLine((id, _r, i) => (i === 0 ? { retCode: 0, body } : undefined))).toBe("vm_allocate kr=0 address=0x12345000");
    expect(firstLine((id, _r, i) => (i === 0 ? { retCode: 0, body, replyId: id + 101 } : undefined))).toBe(
      "vm_allocate kr=-301 address=0x0", // MIG_REPLY_MISMATCH, the address untouched
    );
    expect(firstLine((_id, _r, i) => (i === 0 ? { retCode: 0, body, replyId: 0o107 } : undefined))).toBe(
      "vm_allocate kr=-308 address=0x0", // a send-once notification: MIG_SERVER_DIED
    );
    expect(firstLine((_id, _r, i) => (i === 0 ? { retCode: 0, body, replySize: 32 } : undefined))).toBe(
      "vm_allocate kr=-300 address=0x0", // wrong size: MIG_TYPE_ERROR
    );
    expect(firstLine((_id, _r, i) => (i === 0 ? { retCode: 0, body, replySize: 44 } : undefined))).toBe(
      `vm_allocate kr=${0x1000_4004} address=0x0`, // larger than the receive buffer: MACH_RCV_TOO_LARGE
    );
    expect(firstLine((_id, _r, i) => (i === 0 ? { retCode: KERN_NO_SPACE } : undefined))).toBe(
      "vm_allocate kr=3 address=0x0", // a 36-byte error reply carries the code
    );
    expect(firstLine((_id, _r, i) => (i === 0 ? { retCode: 0 } : undefined))).toBe(
      "vm_allocate kr=-300 address=0x0", // a 36-byte reply claiming success is a type error
    );
  });
});

describe("programs on the kernel stand-in", () => {
  it("hello prints its arguments and exits with the status it was given", () => {
    const result = run("hello", { argv: ["hello", "7", "and more"] });
    expect(result.stdout).toBe(
      "Hello from a Mac OS X 10.4 user program on ppcmac!\nargc=3\nargv[0]=hello\nargv[1]=7\nargv[2]=and more\n",
    );
    expect(result.exitStatus).toBe(7);
    expect(run("hello", { argv: ["hello"] }).exitStatus).toBe(0);
    expect(run("hello", { argv: ["hello", "0x101"] }).exitStatus).toBe(1); // the kernel keeps the low 8 bits
    const bad = run("hello", { argv: ["hello", "seven"] });
    expect(bad.exitStatus).toBe(64);
    expect(bad.stderr).toBe("hello: the exit status must be a number, not 'seven'\n");
  });

  it("asm-hello, with no runtime, writes and exits with argc", () => {
    const result = run("asm-hello", { argv: ["asm-hello", "a", "b"] });
    expect(result.stdout).toBe("Hello from hand-written PowerPC assembly!\n");
    expect(result.exitStatus).toBe(3);
  });

  it("vmtorture's hundreds of calls agree with the first-fit model line by line", () => {
    const result = run("vmtorture", { argv: ["vmtorture"], maxInstructions: 50_000_000 });
    expect(result.signal, result.faultDescription).toBeUndefined();
    expect(result.exitStatus).toBe(0);
    const calls = parseVmTorture(result.stdout);
    expect(calls.length).toBeGreaterThanOrEqual(400);
    for (const kind of ["vm_allocate", "mach_vm_allocate", "vm_deallocate", "mach_vm_deallocate", "vm_protect", "touch"]) {
      expect(calls.some((c) => c.call === kind), kind).toBe(true);
    }
    const sizes = new Set(calls.filter((c) => c.call.endsWith("allocate")).map((c) => c.fields.get("size")));
    expect(sizes.has(0)).toBe(true);
    expect(calls.some((c) => c.fields.get("kr") === KERN_NO_SPACE)).toBe(true);
    expect(checkVmTorture(calls, result.initialMap)).toEqual([]);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(`done operations=${calls.length}`);
    expect(result.finalMap).toEqual(result.initialMap); // everything it allocated, it freed
  });

  it("the vmtorture checker catches a wrong address or return code", () => {
    const initial: MapEntry[] = [{ start: 0, end: 0x6000, protection: 0, maxProtection: 0 }];
    const good = "op=1 call=vm_allocate flags=0x1 address=0x0 size=0x1000 kr=0 result=0x6000";
    expect(checkVmTorture(parseVmTorture(good), initial)).toEqual([]);
    expect(checkVmTorture(parseVmTorture(good.replace("0x6000", "0x7000")), initial)).toHaveLength(1);
    expect(checkVmTorture(parseVmTorture(good.replace("kr=0", "kr=3")), initial)).toHaveLength(1);
  });

  it("faultcount touches exactly the pages it is asked to", () => {
    const base = run("faultcount", { argv: ["faultcount", "0"] });
    const five = run("faultcount", { argv: ["faultcount", "5"] });
    const reads = run("faultcount", { argv: ["faultcount", "5", "read"] });
    for (const result of [base, five, reads]) expect(result.exitStatus, result.stderr).toBe(0);
    expect(five.stdout).toMatch(/^faultcount pages=5 mode=write base=0x[0-9a-f]+ nonzero=0 deallocate=0\n$/);
    expect(five.zeroFillFaults - base.zeroFillFaults).toBe(5);
    expect(reads.zeroFillFaults - base.zeroFillFaults).toBe(5);
  });

  it("the crash programs die by the signal their fault means", () => {
    const crash = (name: string) => run(name, { argv: [name] });
    // __PAGEZERO is a no-access entry: the protection failure is a bus error, as on 10.4.
    expect(crash("crash-null").signal).toBe("SIGBUS");
    expect(crash("crash-unmapped").signal).toBe("SIGSEGV");
    expect(crash("crash-text").signal).toBe("SIGBUS");
    expect(crash("crash-illegal").signal).toBe("SIGILL");
    for (const name of ["crash-null", "crash-unmapped", "crash-text", "crash-illegal"]) expect(crash(name).stdout).toBe("");
  });

  it("runaway starts and runs until the instruction limit", () => {
    const result = run("runaway", { argv: ["runaway"], maxInstructions: 200_000 });
    expect(result.stdout).toBe("runaway: looping forever\n");
    expect(result.timedOut).toBe(true);
    expect(result.retired).toBe(200_000);
  });
});
