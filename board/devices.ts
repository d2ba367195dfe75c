/**
 * The board's devices (docs/board.md): the console and the power register. Their addresses are
 * the stable bare-metal contract; everything else the board has is RAM.
 */
import type { MmioDevice } from "./physmem.js";

export const BOARD_BASE = 0xf000_0000;
export const CONSOLE_TX = 0xf000_0000;
export const POWER_EXIT = 0xf000_0004;
export const CONSOLE_RX = 0xf000_0008;
export const CONSOLE_RX_STATUS = 0xf000_000c;
export const TIMEBASE_FREQUENCY = 0xf000_0010;
export const BOARD_SIZE = 0x1000;

export interface BoardHost {
  /** Guest console output, one byte at a time (the board buffers nothing itself). */
  consoleWrite(byte: number): void;
  /** Next byte of console input, or -1 when there is none (now or ever). */
  consoleRead(): number;
  /** Bytes of console input ready without waiting. */
  consolePending(): number;
  /** The guest wrote the power register: halt with this exit status. */
  powerOff(status: number): void;
  readonly timeBaseFrequency: number;
}

/**
 * Registers, at 0xF0000000 + offset, all 32 bits wide and big-endian (a narrower read returns the
 * addressed bytes of the register; a write of any width to TX or power uses the value written):
 *   0x00 W   console transmit: the low byte goes to the host's stdout
 *   0x04 W   power: halts the machine; the value becomes the process exit status
 *   0x08 R   console receive: next input byte, or 0xFFFFFFFF when none is ready
 *   0x0C R   console receive status: number of input bytes ready (0 at end of input)
 *   0x10 R   time-base frequency in Hz
 */
export class BoardDevices implements MmioDevice {
  readonly base = BOARD_BASE;
  readonly size = BOARD_SIZE;

  constructor(private readonly host: BoardHost) {}

  read(offset: number, width: 1 | 2 | 4): number {
    const value = this.register(offset & ~3);
    // Narrow reads see the addressed bytes of the big-endian register.
    const shift = (4 - width - (offset & 3)) * 8;
    const mask = width === 4 ? 0xffffffff : (1 << (width * 8)) - 1;
    return (value >>> shift) & mask;
  }

  write(offset: number, _width: 1 | 2 | 4, value: number): void {
    switch (offset & ~3) {
      case CONSOLE_TX - BOARD_BASE:
        this.host.consoleWrite(value & 0xff);
        break;
      case POWER_EXIT - BOARD_BASE:
        this.host.powerOff(value | 0);
        break;
      default:
        break; // writes to read-only or unassigned registers are ignored, as on a real bus
    }
  }

  private register(offset: number): number {
    switch (offset) {
      case CONSOLE_RX - BOARD_BASE: {
        const byte = this.host.consoleRead();
        return byte < 0 ? 0xffffffff : byte;
      }
      case CONSOLE_RX_STATUS - BOARD_BASE:
        return this.host.consolePending();
      case TIMEBASE_FREQUENCY - BOARD_BASE:
        return this.host.timeBaseFrequency;
      default:
        return 0;
    }
  }
}
