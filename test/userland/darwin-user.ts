/**
 * A stand-in for the kernel side of docs/user-abi.md, in TypeScript on the bare CPU, so the
 * runtime and the programs can be tested before the guest kernel runs user tasks.
 *
 * It execs a program as §5-§6 say (10.4's map layout, the exec_copyout_strings stack, r1 at
 * argc, user mode with translation on through a hashed page table it maintains), serves the
 * system-call exception as §2-§4 say (BSD calls with the sc+4 / sc+8 return, Mach traps,
 * mach_msg carrying the VM MIG routines, answered from a FirstFitMap), fills pages on demand
 * as vm_fault would, and ends the program with the signal §7 names for a fault it cannot
 * resolve. Every request message is kept, byte for byte, for the tests to inspect.
 */
import { readFileSync } from "node:fs";
import { Machine } from "../../board/machine.js";
import type { Cpu, CpuModel } from "../../cpu/cpu.js";
import { ProgramCause, Vector } from "../../cpu/exceptions.js";
import { MSR, SPR } from "../../cpu/spr.js";
import { PF_W, PF_X, PT_LOAD, parseElf, type ElfImage } from "../../elf/elf.js";
import { DSISR_NOT_FOUND, DSISR_STORE, SRR1_ISI_NOT_FOUND } from "../../mmu/faults.js";
import { PTE0_V, PTES_PER_PTEG, PTE_SIZE, SR_KP, primaryHash, ptegAddress, pteWord0, secondaryHash } from "../../mmu/hashtable.js";
import { buildExecStack } from "./exec-stack.js";
import {
  FirstFitMap, KERN_INVALID_ARGUMENT, KERN_SUCCESS, PAGE_SIZE, VM_PROT_ALL, VM_PROT_EXECUTE,
  VM_PROT_READ, VM_PROT_WRITE, type MapEntry,
} from "./first-fit.js";

export const USER_STACK_TOP = 0xc000_0000;
export const USER_STACK_SIZE = 0x80_0000;
export const TASK_PORT = 0x0103;
const FIRST_REPLY_PORT = 0x0b03;
export const PID = 42;

/** Darwin signal numbers (sys/signal.h). */
export const SIGNALS = { SIGILL: 4, SIGTRAP: 5, SIGBUS: 10, SIGSEGV: 11, SIGSYS: 12 } as const;
export type SignalName = keyof typeof SIGNALS;

const ERRNO = { EBADF: 9, EFAULT: 14, EINVAL: 22, ENOSYS: 78 } as const;
const SYS = { syscall: 0, exit: 1, read: 3, write: 4, getpid: 20, munmap: 73, mmap: 197 } as const;
const MAP_FIXED = 0x10;
const MAP_ANON = 0x1000;

const MACH_SEND_MSG = 1;
const MACH_RCV_MSG = 2;
const MACH_SEND_INVALID_DEST = 0x1000_0003;
const MACH_SEND_INVALID_DATA = 0x1000_0002;
const MACH_RCV_TOO_LARGE = 0x1000_4004;
const MIG_BAD_ID = -303;
const MACH_MSG_TYPE_PORT_SEND_ONCE = 18;
const TRAILER_SIZE = 8;
const HEADER_SIZE = 24;
const REPLY_BODY_START = 32;

/** One mach_msg request as the program sent it. */
export interface SentMessage {
  readonly bytes: Uint8Array;
  readonly option: number;
  readonly sendSize: number;
  readonly receiveSize: number;
  readonly receiveName: number;
  readonly timeout: number;
  readonly notify: number;
}

/** What a MIG server answers: a return code and, on success, the out arguments' bytes. */
export interface MigAnswer {
  readonly retCode: number;
  readonly body?: Uint8Array;
  /** Overrides for tests of the client's reply checks. */
  readonly replyId?: number;
  readonly replySize?: number;
}

export interface DarwinRunOptions {
  readonly argv: readonly string[];
  readonly envp?: readonly string[];
  /** The path execve was given (apple[0]); argv[0] by default. */
  readonly execPath?: string;
  readonly maxInstructions: number;
  readonly model?: CpuModel;
  /** Answers a MIG request instead of the VM server; undefined means "serve it normally". */
  readonly migOverride?: (id: number, request: DataView, index: number) => MigAnswer | undefined;
}

export interface DarwinRunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitStatus?: number;
  readonly signal?: SignalName;
  /** What ended the program with a signal, for messages. */
  readonly faultDescription?: string;
  readonly timedOut: boolean;
  readonly retired: number;
  readonly messages: readonly SentMessage[];
  /** The map right after exec, before the program ran. */
  readonly initialMap: readonly MapEntry[];
  readonly finalMap: readonly MapEntry[];
  /** Pages filled on demand (vm_fault calls that succeeded), and all DSI/ISI taken. */
  readonly zeroFillFaults: number;
  readonly translationExceptions: number;
  readonly elf: ElfImage;
}

const SR_VSID_BASE = 0x100;
const HTAB_BASE = 0x0001_0000; // 64 KB table, HTABMASK 0
const FIRST_FRAME = 0x0010_0000;
/** The page an address lies in, as an unsigned number. */
const pageOf = (ea: number): number => (ea & ~(PAGE_SIZE - 1)) >>> 0;

/** Runs a user program to its end on a fresh machine. */
export function runDarwinUser(elfPath: string, options: DarwinRunOptions): DarwinRunResult {
  return new DarwinUser(elfPath, options).run();
}

class DarwinUser {
  private readonly machine: Machine;
  private readonly cpu: Cpu;
  private readonly elf: ElfImage;
  private readonly map = new FirstFitMap();
  private readonly pages = new Map<number, { frame: number; pte: number }>();
  private nextFrame = FIRST_FRAME;
  private nextReplyPort = FIRST_REPLY_PORT;
  private readonly replyPorts = new Set<number>();
  private readonly stdout: number[] = [];
  private readonly stderr: number[] = [];
  private readonly messages: SentMessage[] = [];
  private exitStatus: number | undefined;
  private signal: SignalName | undefined;
  private faultDescription: string | undefined;
  private zeroFillFaults = 0;
  private translationExceptions = 0;
  private readonly initialMap: MapEntry[];

  constructor(
    elfPath: string,
    private readonly options: DarwinRunOptions,
  ) {
    this.machine = new Machine({ ramSize: 64 << 20, model: options.model ?? "7400" });
    this.cpu = this.machine.cpu;
    this.elf = parseElf(new Uint8Array(readFileSync(elfPath)), elfPath);
    this.exec();
    this.initialMap = this.map.entries;
  }

  run(): DarwinRunResult {
    const cpu = this.cpu;
    cpu.exceptionHook = (_cpu, vector, srr0, srr1, dar, dsisr) => this.exception(vector, srr0, srr1, dar ?? 0, dsisr ?? 0);
    const limit = this.options.maxInstructions;
    while (this.exitStatus === undefined && this.signal === undefined && cpu.retired < limit) cpu.run(limit);
    const decode = (bytes: number[]) => Buffer.from(bytes).toString("latin1");
    return {
      stdout: decode(this.stdout),
      stderr: decode(this.stderr),
      exitStatus: this.exitStatus,
      signal: this.signal,
      faultDescription: this.faultDescription,
      timedOut: this.exitStatus === undefined && this.signal === undefined,
      retired: cpu.retired,
      messages: this.messages,
      initialMap: this.initialMap,
      finalMap: this.map.entries,
      zeroFillFaults: this.zeroFillFaults,
      translationExceptions: this.translationExceptions,
      elf: this.elf,
    };
  }

  // --- exec (§5, §6) ---

  private exec(): void {
    const cpu = this.cpu;
    cpu.spr[SPR.SDR1] = HTAB_BASE;
    for (let segment = 0; segment < 16; segment++) cpu.sr[segment] = (SR_KP | (SR_VSID_BASE + segment)) >>> 0;
    cpu.mmu.flushTranslationCache();

    const reserve = (start: number, end: number, protection: number, maxProtection = protection) =>
      this.enter({ start, end, protection, maxProtection });
    reserve(0, PAGE_SIZE, 0); // __PAGEZERO
    for (const segment of this.elf.segments) {
      if (segment.type !== PT_LOAD || segment.memsz === 0) continue;
      if (segment.vaddr < PAGE_SIZE) throw new Error(`exec: segment at 0x${segment.vaddr.toString(16)} maps page zero`);
      const start = segment.vaddr & ~(PAGE_SIZE - 1);
      const end = Math.ceil((segment.vaddr + segment.memsz) / PAGE_SIZE) * PAGE_SIZE;
      const protection =
        VM_PROT_READ | ((segment.flags & PF_W) !== 0 ? VM_PROT_WRITE : 0) | ((segment.flags & PF_X) !== 0 ? VM_PROT_EXECUTE : 0);
      reserve(start, end, protection, VM_PROT_ALL);
      for (let page = start; page < end; page += PAGE_SIZE) this.fillPage(page, protection);
      for (let i = 0; i < segment.data.length; i++) this.writeByte(segment.vaddr + i, segment.data[i]);
    }
    reserve(0x9000_0000, 0xa000_0000, VM_PROT_READ); // shared region, text
    reserve(0xa000_0000, 0xb000_0000, VM_PROT_READ); // shared region, data
    reserve(USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_TOP, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL);
    reserve(0xffff_8000, 0xffff_f000, VM_PROT_READ); // commpage area

    const argv = this.options.argv;
    const stack = buildExecStack(USER_STACK_TOP, this.options.execPath ?? argv[0] ?? "", argv, this.options.envp ?? []);
    for (const write of stack.writes) {
      write.bytes.forEach((byte, i) => {
        this.fillPage(write.address + i, VM_PROT_READ | VM_PROT_WRITE); // copyout faults the page in
        this.writeByte(write.address + i, byte);
      });
    }

    cpu.gpr.fill(0);
    cpu.gpr[1] = stack.sp;
    cpu.setMsr(MSR.PR | MSR.IR | MSR.DR | MSR.ME);
    cpu.pc = this.elf.entry | 0;
  }

  private enter(entry: MapEntry): void {
    const result = this.map.mapAnonymous(entry.start, entry.end - entry.start, true);
    if (result.kr !== KERN_SUCCESS) throw new Error(`exec: cannot map 0x${entry.start.toString(16)}`);
    const placed = this.map.protect(entry.start, entry.end - entry.start, true, entry.maxProtection);
    const current = this.map.protect(entry.start, entry.end - entry.start, false, entry.protection);
    if (placed !== KERN_SUCCESS || current !== KERN_SUCCESS) throw new Error("exec: cannot protect an entry");
  }

  // --- pages and the page table ---

  /** Gives the page at `ea` a zeroed frame and a PTE; PP 10 (read/write) or 11 (read-only) for key 1. */
  private fillPage(ea: number, protection: number): void {
    const page = pageOf(ea);
    if (this.pages.has(page)) return;
    const frame = this.nextFrame;
    this.nextFrame += PAGE_SIZE;
    if (this.nextFrame > this.machine.phys.ramSize) throw new Error("darwin-user: out of physical pages");
    this.machine.phys.load(frame, new Uint8Array(PAGE_SIZE));
    const pte = this.freePteSlot(page);
    const vsid = SR_VSID_BASE + (page >>> 28);
    const secondary = (pte & 1) === 1;
    const address = pte & ~1;
    this.machine.phys.write32(address + 4, (frame | this.pp(protection)) >>> 0);
    this.machine.phys.write32(address, pteWord0(vsid, page, secondary));
    this.pages.set(page, { frame, pte: address });
  }

  private pp(protection: number): number {
    return (protection & VM_PROT_WRITE) !== 0 ? 2 : 3;
  }

  /** A free PTE in the page's primary group, else its secondary (low bit set). */
  private freePteSlot(page: number): number {
    const vsid = SR_VSID_BASE + (page >>> 28);
    const primary = primaryHash(vsid, page);
    for (const [hash, secondary] of [[primary, 0], [secondaryHash(primary), 1]] as const) {
      const group = ptegAddress(HTAB_BASE, hash);
      for (let slot = 0; slot < PTES_PER_PTEG; slot++) {
        const address = group + slot * PTE_SIZE;
        if ((this.machine.phys.read32(address) & PTE0_V) === 0) return address | secondary;
      }
    }
    throw new Error(`darwin-user: both PTE groups of 0x${page.toString(16)} are full`);
  }

  private dropPages(start: number, end: number): void {
    for (const [page, { pte }] of this.pages) {
      if (page < start || page >= end) continue;
      this.machine.phys.write32(pte, 0);
      this.pages.delete(page);
    }
    this.flushTranslations();
  }

  /** Makes every mapped page's PP follow its entry's current protection. */
  private syncProtections(): void {
    for (const [page, { pte }] of this.pages) {
      const entry = this.map.lookup(page);
      if (entry === undefined) continue;
      const word1 = this.machine.phys.read32(pte + 4);
      this.machine.phys.write32(pte + 4, ((word1 & ~3) | this.pp(entry.protection)) >>> 0);
    }
    this.flushTranslations();
  }

  private flushTranslations(): void {
    this.cpu.mmu.flushTranslationCache();
    this.cpu.mmu.itlb.invalidateAll();
    this.cpu.mmu.dtlb.invalidateAll();
  }

  /**
   * vm_fault for the page at `ea`: an entry must cover it and allow the access; the page is then
   * zero-filled and entered. Returns the signal the failure means, or undefined on success.
   */
  private fault(ea: number, access: number): SignalName | undefined {
    const entry = this.map.lookup(ea >>> 0);
    if (entry === undefined) return "SIGSEGV"; // KERN_INVALID_ADDRESS
    if ((entry.protection & access) !== access) return "SIGBUS"; // KERN_PROTECTION_FAILURE
    if (this.pages.has(pageOf(ea))) return "SIGBUS";
    this.fillPage(ea >>> 0, entry.protection);
    this.zeroFillFaults++;
    return undefined;
  }

  private physical(ea: number, access: number): number | undefined {
    const page = pageOf(ea);
    const entry = this.map.lookup(page);
    if (entry === undefined || (entry.protection & access) !== access) return undefined;
    if (!this.pages.has(page) && this.fault(ea, access) !== undefined) return undefined;
    const mapped = this.pages.get(page);
    return mapped === undefined ? undefined : mapped.frame | ((ea >>> 0) & (PAGE_SIZE - 1));
  }

  private writeByte(ea: number, value: number): void {
    const page = pageOf(ea);
    const mapped = this.pages.get(page);
    if (mapped === undefined) throw new Error(`darwin-user: 0x${ea.toString(16)} is not mapped`);
    this.machine.phys.write8(mapped.frame | (ea & (PAGE_SIZE - 1)), value);
  }

  /** copyin: the bytes, or undefined when some page cannot be read (EFAULT). */
  private copyin(ea: number, length: number): Uint8Array | undefined {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const pa = this.physical(ea + i, VM_PROT_READ);
      if (pa === undefined) return undefined;
      bytes[i] = this.machine.phys.read8(pa);
    }
    return bytes;
  }

  private copyout(ea: number, bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) {
      const pa = this.physical(ea + i, VM_PROT_WRITE);
      if (pa === undefined) return false;
      this.machine.phys.write8(pa, bytes[i]);
    }
    return true;
  }

  // --- exceptions ---

  private exception(vector: number, srr0: number, srr1: number, dar: number, dsisr: number): boolean {
    const cpu = this.cpu;
    switch (vector) {
      case Vector.SystemCall:
        this.systemCall(srr0);
        return true;
      case Vector.DSI:
      case Vector.ISI: {
        this.translationExceptions++;
        const isData = vector === Vector.DSI;
        const address = isData ? dar : srr0;
        const notFound = isData ? (dsisr & DSISR_NOT_FOUND) !== 0 : (srr1 & SRR1_ISI_NOT_FOUND) !== 0;
        const access = !isData ? VM_PROT_EXECUTE : (dsisr & DSISR_STORE) !== 0 ? VM_PROT_WRITE : VM_PROT_READ;
        const signal = notFound ? this.fault(address, access) : this.map.lookup(address >>> 0) ? "SIGBUS" : "SIGSEGV";
        if (signal === undefined) {
          cpu.pc = srr0 | 0;
          return true;
        }
        const kind = isData ? ((dsisr & DSISR_STORE) !== 0 ? "store to" : "load from") : "fetch from";
        return this.kill(signal, `${kind} 0x${(address >>> 0).toString(16)} at pc 0x${(srr0 >>> 0).toString(16)}`);
      }
      case Vector.Program: {
        const illegal = (srr1 & (ProgramCause.IllegalInstruction | ProgramCause.PrivilegedInstruction)) !== 0;
        return this.kill(illegal ? "SIGILL" : "SIGTRAP", `program exception at pc 0x${(srr0 >>> 0).toString(16)}`);
      }
      case Vector.FPUnavailable:
        // Lazy floating point, as xnu does: enable it and run the instruction again.
        cpu.setMsr(cpu.msr | MSR.FP);
        cpu.pc = srr0 | 0;
        return true;
      default:
        throw new Error(`darwin-user: unexpected exception 0x${vector.toString(16)} at 0x${(srr0 >>> 0).toString(16)}`);
    }
  }

  private kill(signal: SignalName, description: string): true {
    this.signal = signal;
    this.faultDescription = description;
    this.cpu.stopRequested = true;
    return true;
  }

  /** `sc`: srr0 is the instruction after it. */
  private systemCall(srr0: number): void {
    const cpu = this.cpu;
    const number = cpu.gpr[0];
    if (number < 0) {
      cpu.gpr[3] = this.machTrap(-number);
      cpu.pc = srr0 | 0;
      return;
    }
    let code = number;
    let args = [3, 4, 5, 6, 7, 8, 9, 10].map((r) => cpu.gpr[r]);
    if (code === SYS.syscall) {
      code = args[0];
      args = args.slice(1);
    }
    const outcome = this.bsdCall(code, args);
    if (outcome === undefined) return; // the process is gone
    if ("errno" in outcome) {
      cpu.gpr[3] = outcome.errno;
      cpu.pc = srr0 | 0; // the error branch right after sc
    } else {
      cpu.gpr[3] = outcome.value;
      cpu.gpr[4] = 0;
      cpu.pc = (srr0 + 4) | 0; // skips the error branch
    }
  }

  private bsdCall(code: number, args: number[]): { value: number } | { errno: number } | undefined {
    switch (code) {
      case SYS.exit:
        this.exitStatus = args[0] & 0xff;
        this.cpu.stopRequested = true;
        return undefined;
      case SYS.write: {
        const [fd, address, length] = [args[0], args[1] >>> 0, args[2] >>> 0];
        if (fd !== 1 && fd !== 2) return { errno: ERRNO.EBADF };
        const bytes = this.copyin(address, length);
        if (bytes === undefined) return { errno: ERRNO.EFAULT };
        (fd === 1 ? this.stdout : this.stderr).push(...bytes);
        return { value: length };
      }
      case SYS.read:
        return args[0] === 0 ? { value: 0 } : { errno: ERRNO.EBADF };
      case SYS.getpid:
        return { value: PID };
      case SYS.mmap: {
        const [hint, length, , flags, fd] = args;
        if ((flags & MAP_ANON) === 0 || fd !== -1) return { errno: ERRNO.EBADF };
        if (length === 0) return { errno: ERRNO.EINVAL };
        const result = this.map.mapAnonymous(hint >>> 0, length >>> 0, (flags & MAP_FIXED) !== 0);
        return result.kr === KERN_SUCCESS ? { value: result.address } : { errno: ERRNO.EINVAL };
      }
      case SYS.munmap: {
        const [address, length] = [args[0] >>> 0, args[1] >>> 0];
        if ((address & (PAGE_SIZE - 1)) !== 0) return { errno: ERRNO.EINVAL };
        this.deallocate(address, length, 32);
        return { value: 0 };
      }
      default:
        return { errno: ERRNO.ENOSYS };
    }
  }

  private machTrap(trap: number): number {
    switch (trap) {
      case 26: {
        const port = this.nextReplyPort;
        this.nextReplyPort += 0x100;
        this.replyPorts.add(port);
        return port;
      }
      case 28:
        return TASK_PORT;
      case 31:
        return this.machMsg();
      default:
        this.kill("SIGSYS", `unknown Mach trap ${trap}`);
        return 0;
    }
  }

  // --- mach_msg and the VM MIG server (§3-§4) ---

  private machMsg(): number {
    const cpu = this.cpu;
    const [address, option, sendSize, receiveSize, receiveName, timeout, notify] = [3, 4, 5, 6, 7, 8, 9].map(
      (r) => cpu.gpr[r] >>> 0,
    );
    if ((option & (MACH_SEND_MSG | MACH_RCV_MSG)) !== (MACH_SEND_MSG | MACH_RCV_MSG)) return KERN_INVALID_ARGUMENT;
    const bytes = this.copyin(address, sendSize);
    if (bytes === undefined || sendSize < HEADER_SIZE + 8) return MACH_SEND_INVALID_DATA;
    this.messages.push({ bytes, option, sendSize, receiveSize, receiveName, timeout, notify });
    const request = new DataView(bytes.buffer);
    const replyPort = request.getUint32(12);
    if (request.getUint32(8) !== TASK_PORT) return MACH_SEND_INVALID_DEST;
    if (!this.replyPorts.has(replyPort) || receiveName !== replyPort) return MACH_SEND_INVALID_DEST;

    const id = request.getInt32(20);
    const answer = this.options.migOverride?.(id, request, this.messages.length - 1) ?? this.serve(id, request);
    const body = answer.retCode === KERN_SUCCESS ? answer.body ?? new Uint8Array(0) : new Uint8Array(0);
    const size = answer.replySize ?? REPLY_BODY_START + 4 + body.length;
    if (receiveSize < size + TRAILER_SIZE) return MACH_RCV_TOO_LARGE;
    const reply = new Uint8Array(size + TRAILER_SIZE);
    const view = new DataView(reply.buffer);
    view.setUint32(0, MACH_MSG_TYPE_PORT_SEND_ONCE << 8); // received: no reply right, local = send-once
    view.setUint32(4, size);
    view.setUint32(8, 0);
    view.setUint32(12, replyPort);
    view.setUint32(16, 0);
    view.setInt32(20, answer.replyId ?? id + 100);
    // NDR record: eight zero bytes on big-endian PowerPC (24-31).
    view.setInt32(32, answer.retCode);
    reply.set(body.subarray(0, Math.max(0, size - 36)), 36);
    view.setUint32(size, 0); // trailer type: MACH_MSG_TRAILER_FORMAT_0
    view.setUint32(size + 4, TRAILER_SIZE);
    if (!this.copyout(address, reply)) return MACH_SEND_INVALID_DATA;
    return 0;
  }

  private serve(id: number, request: DataView): MigAnswer {
    const u64 = (at: number) => request.getUint32(at) * 2 ** 32 + request.getUint32(at + 4);
    const word = (value: number) => {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, value >>> 0);
      return bytes;
    };
    const doubleWord = (value: number) => {
      const bytes = new Uint8Array(8);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, Math.floor(value / 2 ** 32));
      view.setUint32(4, value >>> 0);
      return bytes;
    };
    switch (id) {
      case 3801: {
        const result = this.map.allocate(request.getUint32(32), request.getUint32(36), request.getInt32(40));
        return { retCode: result.kr, body: word(result.address) };
      }
      case 3802:
        return { retCode: this.deallocate(request.getUint32(32), request.getUint32(36), 32) };
      case 3803:
        return { retCode: this.protect(request.getUint32(32), request.getUint32(36), request.getInt32(40), request.getInt32(44), 32) };
      case 4800: {
        const result = this.map.allocate(u64(32), u64(40), request.getInt32(48));
        return { retCode: result.kr, body: doubleWord(result.address) };
      }
      case 4801:
        return { retCode: this.deallocate(u64(32), u64(40), 64) };
      case 4802:
        return { retCode: this.protect(u64(32), u64(40), request.getInt32(48), request.getInt32(52), 64) };
      default:
        return { retCode: MIG_BAD_ID };
    }
  }

  private deallocate(address: number, size: number, width: 32 | 64): number {
    const kr = this.map.deallocate(address, size, width);
    if (kr === KERN_SUCCESS && size !== 0) {
      this.dropPages(Math.floor(address / PAGE_SIZE) * PAGE_SIZE, Math.ceil((address + size) / PAGE_SIZE) * PAGE_SIZE);
    }
    return kr;
  }

  private protect(address: number, size: number, setMaximum: number, protection: number, width: 32 | 64): number {
    const kr = this.map.protect(address, size, setMaximum !== 0, protection, width);
    if (kr === KERN_SUCCESS) this.syncProtections();
    return kr;
  }
}

