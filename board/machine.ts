/**
 * The emulated Power Mac: RAM, the CPU and the board devices, and loading ELF images into
 * physical memory. The CLI, the benchmark and the tests all build machines here.
 */
import { readFileSync } from "node:fs";
import { Cpu, type CpuModel } from "../cpu/cpu.js";
import { PT_LOAD, parseElf, type ElfImage } from "../elf/elf.js";
import { BoardDevices, type BoardHost } from "./devices.js";
import { PhysicalMemory } from "./physmem.js";

export const DEFAULT_RAM_SIZE = 256 << 20;
export const CORE_CLOCK_HZ = 400_000_000;
export const TIME_BASE_HZ = 25_000_000; // bus 100 MHz / 4

export interface MachineOptions {
  readonly ramSize?: number;
  readonly model?: CpuModel;
  /** Console input (bare-metal runs); empty by default. */
  readonly consoleInput?: Uint8Array;
  /** Receives guest console output; defaults to collecting it in `consoleOutput`. */
  readonly consoleWrite?: (byte: number) => void;
}

export class Machine {
  readonly phys: PhysicalMemory;
  readonly cpu: Cpu;
  /** The value written to the power register, once the guest has powered off. */
  exitStatus: number | undefined;
  private readonly output: number[] = [];
  private inputPosition = 0;

  constructor(options: MachineOptions = {}) {
    this.phys = new PhysicalMemory(options.ramSize ?? DEFAULT_RAM_SIZE);
    this.cpu = new Cpu(this.phys, options.model ?? "7400", CORE_CLOCK_HZ / TIME_BASE_HZ);
    const input = options.consoleInput ?? new Uint8Array(0);
    const write = options.consoleWrite ?? ((byte: number) => this.output.push(byte));
    const host: BoardHost = {
      consoleWrite: write,
      consoleRead: () => (this.inputPosition < input.length ? input[this.inputPosition++] : -1),
      consolePending: () => input.length - this.inputPosition,
      powerOff: (status) => {
        this.exitStatus = status;
        this.cpu.stopRequested = true;
      },
      timeBaseFrequency: TIME_BASE_HZ,
    };
    this.phys.attach(new BoardDevices(host));
  }

  /** Console output collected so far (when no consoleWrite was given). */
  get consoleOutput(): string {
    return Buffer.from(this.output).toString("latin1");
  }

  /** Loads every PT_LOAD segment at its physical address, zero-filling up to memsz. */
  loadElfPhysical(image: ElfImage): void {
    for (const segment of image.segments) {
      if (segment.type !== PT_LOAD || segment.memsz === 0) continue;
      const end = segment.paddr + segment.memsz;
      if (end > this.phys.ramSize) {
        throw new RangeError(
          `segment at physical 0x${segment.paddr.toString(16)}-0x${end.toString(16)} does not fit in ` +
            `${this.phys.ramSize >>> 20} MB of RAM`,
        );
      }
      this.phys.load(segment.paddr, new Uint8Array(segment.memsz));
      this.phys.load(segment.paddr, segment.data);
    }
  }

  loadElfFile(path: string): ElfImage {
    const image = parseElf(new Uint8Array(readFileSync(path)), path);
    this.loadElfPhysical(image);
    return image;
  }
}
