/**
 * Just enough of Linux's PPC32 user environment to run the differential-test harness on ppcmac
 * the way qemu-ppc runs it: the ELF loaded at its addresses, execution from its entry point in
 * user mode (MSR[PR]=1, so privileged instructions fault as under Linux), and the system calls
 * the harness makes (write, exit, exit_group) served from the system-call exception.
 *
 * Addressing is real mode (effective = physical), which is what a process's flat address space
 * looks like for a static ELF. MSR[FP] is set from the start, as Linux leaves it after a
 * process's first floating-point instruction (its FP-unavailable handler enables FP lazily).
 *
 * Linux PPC32 system-call ABI: number in r0, arguments in r3-r8, result in r3; on error r3
 * holds the positive errno and CR0[SO] is set, on success CR0[SO] is cleared. Every other
 * register is left as it was (as qemu-ppc does).
 */
import { Machine } from "../../board/machine.js";
import type { Cpu } from "../../cpu/cpu.js";
import { GuestException, VECTOR_NAMES, Vector, type VectorOffset } from "../../cpu/exceptions.js";
import { MSR } from "../../cpu/spr.js";

const SYS_EXIT = 1;
const SYS_WRITE = 4;
const SYS_EXIT_GROUP = 234;
const EFAULT = 14;
const EBADF = 9;
const ENOSYS = 38;
const CR0_SO = 0x1000_0000;

/** An exception Linux would have turned into a fatal signal. */
export interface UserFault {
  readonly vector: VectorOffset;
  readonly name: string;
  /** SRR0: the faulting instruction (or the next, per the exception). */
  readonly address: number;
  readonly srr1: number;
}

export interface UserRunResult {
  /** Bytes written to fd 1. */
  readonly stdout: Uint8Array;
  /** The exit status, if the program exited. */
  readonly exitStatus?: number;
  readonly fault?: UserFault;
  /** True when the instruction limit ran out first. */
  readonly timedOut: boolean;
  /** Instructions retired, and how many had retired when the first system call was made. */
  readonly retired: number;
  readonly retiredAtFirstSyscall?: number;
}

export interface UserRunOptions {
  readonly ramSize?: number;
  /** Give up after this many instructions. */
  readonly maxInstructions: number;
  /** Initial stack pointer (r1); the top of RAM less 64 KB by default. */
  readonly stackPointer?: number;
}

/** Runs a static PPC32 Linux ELF on a fresh ppcmac machine until it exits or faults. */
export function runLinuxUser(elfPath: string, options: UserRunOptions): UserRunResult {
  const ramSize = options.ramSize ?? 16 << 20;
  const machine = new Machine({ ramSize, model: "7400" });
  const cpu = machine.cpu;
  const image = machine.loadElfFile(elfPath);

  const stdout: number[] = [];
  let exitStatus: number | undefined;
  let fault: UserFault | undefined;
  let retiredAtFirstSyscall: number | undefined;

  cpu.exceptionHook = (hooked, vector, srr0, srr1) => {
    if (vector !== Vector.SystemCall) {
      fault = { vector, name: VECTOR_NAMES[vector] ?? `vector 0x${vector.toString(16)}`, address: srr0 >>> 0, srr1 };
      hooked.stopRequested = true;
      return true;
    }
    retiredAtFirstSyscall ??= hooked.retired;
    const number = hooked.gpr[0];
    switch (number) {
      case SYS_WRITE: {
        const [fd, address, length] = [hooked.gpr[3], hooked.gpr[4] >>> 0, hooked.gpr[5] >>> 0];
        if (fd !== 1 && fd !== 2) return fail(hooked, EBADF);
        const bytes = readUser(hooked, address, length);
        if (bytes === undefined) return fail(hooked, EFAULT);
        if (fd === 1) for (const byte of bytes) stdout.push(byte);
        return succeed(hooked, length);
      }
      case SYS_EXIT:
      case SYS_EXIT_GROUP:
        exitStatus = hooked.gpr[3] & 0xff;
        hooked.stopRequested = true;
        return true;
      default:
        return fail(hooked, ENOSYS);
    }
  };

  cpu.setMsr(MSR.PR | MSR.FP | MSR.ME);
  cpu.pc = image.entry | 0;
  cpu.gpr[1] = options.stackPointer ?? ramSize - 0x10000;
  while (exitStatus === undefined && fault === undefined && cpu.retired < options.maxInstructions) {
    cpu.run(options.maxInstructions);
  }
  return {
    stdout: Uint8Array.from(stdout),
    exitStatus,
    fault,
    timedOut: exitStatus === undefined && fault === undefined,
    retired: cpu.retired,
    retiredAtFirstSyscall,
  };
}

function succeed(cpu: Cpu, result: number): true {
  cpu.gpr[3] = result;
  cpu.cr &= ~CR0_SO;
  return true;
}

function fail(cpu: Cpu, errno: number): true {
  cpu.gpr[3] = errno;
  cpu.cr |= CR0_SO;
  return true;
}

/** The process's bytes at [address, address + length), or undefined if any is not there. */
function readUser(cpu: Cpu, address: number, length: number): Uint8Array | undefined {
  const bytes = new Uint8Array(length);
  try {
    for (let i = 0; i < length; i++) bytes[i] = cpu.mmu.read8((address + i) | 0);
  } catch (error) {
    if (error instanceof GuestException) return undefined;
    throw error;
  }
  return bytes;
}
