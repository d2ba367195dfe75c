/** Option parsing shared by the commands that build a machine. */
import type { CpuModel } from "../cpu/cpu.js";
import { UsageError } from "./errors.js";

export const CPU_CHOICES: readonly CpuModel[] = ["750", "7400"];
export const MIN_RAM = 64 << 20;
export const MAX_RAM = 2048 * 2 ** 20;

/** Parses a RAM size such as 256M, 1G, 512MB or a byte count; 64 MB to 2 GB, whole megabytes. */
export function parseRamSize(text: string): number {
  const match = /^(\d+)\s*(k|kb|m|mb|g|gb)?$/i.exec(text.trim());
  if (match === null) throw new UsageError(`--ram: cannot read "${text}" as a size (try 256M or 1G)`);
  const unit = (match[2] ?? "").toLowerCase()[0];
  const scale = unit === "k" ? 1 << 10 : unit === "m" ? 1 << 20 : unit === "g" ? 1 << 30 : 1;
  const bytes = Number(match[1]) * scale;
  if (bytes < MIN_RAM || bytes > MAX_RAM || bytes % (1 << 20) !== 0) {
    throw new UsageError(`--ram: ${text} is outside 64M-2G or not a whole number of megabytes`);
  }
  return bytes;
}

/** Parses --max-instructions: a positive integer (underscores and exponents such as 1e9 allowed). */
export function parseInstructionLimit(value: unknown): number {
  if (value === undefined) return Infinity;
  const n = typeof value === "number" ? value : Number(String(value).replaceAll("_", ""));
  if (!Number.isFinite(n) || n <= 0 || !Number.isInteger(n)) {
    throw new UsageError(`--max-instructions: expected a positive whole number, got ${String(value)}`);
  }
  return n;
}
