/**
 * The physical address space: RAM in one bank at physical 0 and memory-mapped devices above it
 * (ppcmac-machine.md). Big-endian, like the bus the 750/7400 sits on.
 */
import { GuestException, Vector } from "../cpu/exceptions.js";

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

/** A device mapped at a fixed physical range. Accesses are at most 4 bytes and never straddle. */
export interface MmioDevice {
  readonly base: number;
  readonly size: number;
  read(offset: number, width: 1 | 2 | 4): number;
  write(offset: number, width: 1 | 2 | 4, value: number): void;
}

/** Called when a store hits a page that holds decoded instructions. */
export type CodeWriteListener = (physicalAddress: number, length: number) => void;

export class PhysicalMemory {
  readonly ram: Uint8Array;
  readonly view: DataView;
  readonly ramSize: number;
  /** One byte per RAM page: non-zero when the decoded-instruction cache holds that page. */
  readonly codePages: Uint8Array;
  private readonly devices: MmioDevice[] = [];
  private codeWriteListener: CodeWriteListener = () => {};

  constructor(ramSize: number) {
    if (!Number.isInteger(ramSize) || ramSize <= 0 || ramSize % PAGE_SIZE !== 0 || ramSize > 0xf0000000) {
      throw new RangeError(`RAM size must be a positive multiple of 4 KB below 0xF0000000, got ${ramSize}`);
    }
    this.ramSize = ramSize;
    this.ram = new Uint8Array(ramSize);
    this.view = new DataView(this.ram.buffer);
    this.codePages = new Uint8Array(ramSize >>> PAGE_SHIFT);
  }

  onCodeWrite(listener: CodeWriteListener): void {
    this.codeWriteListener = listener;
  }

  attach(device: MmioDevice): void {
    const end = device.base + device.size;
    if (device.base < this.ramSize || end > 0x1_0000_0000) {
      throw new RangeError(`device at 0x${device.base.toString(16)} overlaps RAM or the 4 GB limit`);
    }
    for (const other of this.devices) {
      if (device.base < other.base + other.size && other.base < end) {
        throw new RangeError(`device at 0x${device.base.toString(16)} overlaps another device`);
      }
    }
    this.devices.push(device);
  }

  read8(pa: number): number {
    if (pa < this.ramSize) return this.ram[pa];
    return this.deviceRead(pa, 1);
  }

  read16(pa: number): number {
    if (pa + 1 < this.ramSize) return this.view.getUint16(pa);
    return this.deviceRead(pa, 2);
  }

  read32(pa: number): number {
    if (pa + 3 < this.ramSize) return this.view.getInt32(pa);
    return this.deviceRead(pa, 4) | 0;
  }

  write8(pa: number, value: number): void {
    if (pa < this.ramSize) {
      this.ram[pa] = value;
      if (this.codePages[pa >>> PAGE_SHIFT] !== 0) this.codeWriteListener(pa, 1);
      return;
    }
    this.deviceWrite(pa, 1, value & 0xff);
  }

  write16(pa: number, value: number): void {
    if (pa + 1 < this.ramSize) {
      this.view.setUint16(pa, value);
      if ((this.codePages[pa >>> PAGE_SHIFT] | this.codePages[(pa + 1) >>> PAGE_SHIFT]) !== 0) {
        this.codeWriteListener(pa, 2);
      }
      return;
    }
    this.deviceWrite(pa, 2, value & 0xffff);
  }

  write32(pa: number, value: number): void {
    if (pa + 3 < this.ramSize) {
      this.view.setInt32(pa, value);
      if ((this.codePages[pa >>> PAGE_SHIFT] | this.codePages[(pa + 3) >>> PAGE_SHIFT]) !== 0) {
        this.codeWriteListener(pa, 4);
      }
      return;
    }
    this.deviceWrite(pa, 4, value >>> 0);
  }

  /**
   * Reads a RAM word without side effects (for inspection: never touches devices, never
   * faults). Undefined outside RAM.
   */
  peek32(pa: number): number | undefined {
    return pa + 3 < this.ramSize ? this.view.getUint32(pa) : undefined;
  }

  /** Copies host bytes into RAM (loaders, tests); keeps the decoded-instruction cache coherent. */
  load(pa: number, bytes: Uint8Array): void {
    if (pa < 0 || pa + bytes.length > this.ramSize) {
      throw new RangeError(
        `cannot load ${bytes.length} bytes at physical 0x${pa.toString(16)}: RAM ends at 0x${this.ramSize.toString(16)}`,
      );
    }
    this.ram.set(bytes, pa);
    this.codeWriteListener(pa, bytes.length);
  }

  private findDevice(pa: number, width: number): MmioDevice {
    for (const device of this.devices) {
      if (pa >= device.base && pa + width <= device.base + device.size) return device;
    }
    // No RAM or device answers: the bus raises TEA, which the 750 takes as a machine check.
    throw new GuestException(Vector.MachineCheck, 0);
  }

  private deviceRead(pa: number, width: 1 | 2 | 4): number {
    const device = this.findDevice(pa, width);
    return device.read(pa - device.base, width);
  }

  private deviceWrite(pa: number, width: 1 | 2 | 4, value: number): void {
    const device = this.findDevice(pa, width);
    device.write(pa - device.base, width, value);
  }
}
