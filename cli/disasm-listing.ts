/**
 * The text of `ppcmac disasm FILE`: every executable section of an ELF file, laid out as
 * `powerpc-linux-gnu-objdump -d` lays it out (binutils 2.40): section headings, `<symbol>:`
 * labels, `address:\tbytes \tinstruction` lines, runs of zero words folded into `...`, and branch
 * targets named `<symbol+0xoffset>`. Symbols are chosen and ordered the way objdump chooses them.
 */
import { type AddressFormat, disassemble, formatDisassembly } from "../cpu/disasm.js";
import { type ElfImage, type ElfSection, type ElfSymbol, SHF_EXECINSTR, SHT_NOBITS } from "../elf/elf.js";

const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_SECTION = 3;
const STT_FILE = 4;
const STT_GNU_IFUNC = 10;
const STB_LOCAL = 0;
const STB_GLOBAL = 1;
const SHN_UNDEF = 0;
const SHN_ABS = 0xfff1;
const SHN_COMMON = 0xfff2;
const ET_REL = 1;
/** objdump folds a run of at least this many zero bytes into "..." (its DEFAULT_SKIP_ZEROES). */
const SKIP_ZEROES = 8;
/** ... and a run of fewer than this many zero bytes that ends the block (DEFAULT_SKIP_ZEROES_AT_END). */
const SKIP_ZEROES_AT_END = 3;

/** A symbol as objdump uses it for labels and branch targets. */
interface ListingSymbol {
  readonly name: string;
  /** Address: st_value, plus the section address in a relocatable file. */
  readonly value: number;
  readonly size: number;
  /** Name of the symbol's section ("*ABS*" for absolute symbols). */
  readonly section: string;
  readonly isFunction: boolean;
  readonly isObject: boolean;
  readonly isSection: boolean;
  readonly isLocal: boolean;
  readonly isGlobal: boolean;
}

/**
 * The symbols objdump keeps: named, defined, not common, not file symbols; section symbols only
 * for .plt/.got sections (objdump's "significant" section names).
 */
function usefulSymbols(image: ElfImage): ListingSymbol[] {
  const out: ListingSymbol[] = [];
  for (const s of image.symbols) {
    if (s.sectionIndex === SHN_UNDEF || s.sectionIndex === SHN_COMMON || s.type === STT_FILE) continue;
    const section = sectionOf(image, s);
    const isSection = s.type === STT_SECTION;
    const name = isSection ? section?.name ?? "" : s.name;
    if (name === "") continue;
    if (isSection && !(name.startsWith(".plt") || name.startsWith(".got"))) continue;
    const relocatable = image.type === ET_REL && section !== undefined;
    out.push({
      name,
      value: (s.value + (relocatable ? section.addr : 0)) >>> 0,
      size: s.size,
      section: section?.name ?? (s.sectionIndex === SHN_ABS ? "*ABS*" : "*UND*"),
      isFunction: s.type === STT_FUNC || s.type === STT_GNU_IFUNC,
      isObject: s.type === STT_OBJECT,
      isSection,
      isLocal: s.binding === STB_LOCAL,
      isGlobal: s.binding === STB_GLOBAL,
    });
  }
  return out;
}

function sectionOf(image: ElfImage, s: ElfSymbol): ElfSection | undefined {
  return s.sectionIndex < image.sections.length && s.sectionIndex < 0xff00 ? image.sections[s.sectionIndex] : undefined;
}

const endsLikeFileName = (name: string): boolean => name.length > 2 && name[name.length - 2] === "." && (name.endsWith("o") || name.endsWith("a"));
const compilerMarker = (name: string): boolean => name.includes("gnu_compiled") || name.includes("gcc2_compiled");

/**
 * objdump's symbol order: by address; at one address, symbols of the section being listed first,
 * then real names before compiler markers and file names, section symbols last, functions, then
 * objects, then globals before locals, larger before smaller, names not starting with "." first,
 * and finally by name.
 */
function symbolOrder(sectionName: string): (a: ListingSymbol, b: ListingSymbol) => number {
  const flag = (x: boolean, y: boolean, firstWhenTrue: boolean): number => (x === y ? 0 : x === firstWhenTrue ? -1 : 1);
  return (a, b) => {
    if (a.value !== b.value) return a.value < b.value ? -1 : 1;
    return (
      flag(a.section === sectionName, b.section === sectionName, true) ||
      flag(compilerMarker(a.name), compilerMarker(b.name), false) ||
      flag(endsLikeFileName(a.name), endsLikeFileName(b.name), false) ||
      flag(a.isSection, b.isSection, false) ||
      flag(a.isFunction, b.isFunction, true) ||
      flag(a.isObject, b.isObject, true) ||
      flag(a.isLocal, b.isLocal, false) ||
      flag(a.isGlobal, b.isGlobal, true) ||
      (a.size !== b.size ? (a.size > b.size ? -1 : 1) : 0) ||
      flag(a.name.startsWith("."), b.name.startsWith("."), false) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
    );
  };
}

const hex = (n: number): string => (n >>> 0).toString(16);
const hex8 = (n: number): string => hex(n).padStart(8, "0");

/** Lists one ELF file; `fileName` is printed in the heading as objdump prints the path it was given. */
export function disassemblyListing(image: ElfImage, fileName: string): string {
  const out: string[] = [`\n${fileName}:     file format elf32-powerpc\n\n`];
  const symbols = usefulSymbols(image);
  const relocatable = image.type === ET_REL;
  for (const section of image.sections) {
    if ((section.flags & SHF_EXECINSTR) === 0 || section.type === SHT_NOBITS || section.size === 0) continue;
    new SectionLister(section, [...symbols].sort(symbolOrder(section.name)), relocatable, out).list();
  }
  return out.join("");
}

/** One section's listing: objdump's disassemble_section and disassemble_bytes. */
class SectionLister {
  private readonly start: number;
  private readonly end: number;
  private readonly addressDigitsSkipped: number;

  constructor(
    private readonly section: ElfSection,
    private readonly sorted: readonly ListingSymbol[],
    private readonly relocatable: boolean,
    private readonly out: string[],
  ) {
    this.start = section.addr >>> 0;
    this.end = this.start + section.data.length;
    // Leading zeros common to every address are dropped in groups of 4, keeping at least one.
    const last = hex8(this.end);
    let zeros = 0;
    while (zeros < last.length && last[zeros] === "0") zeros++;
    this.addressDigitsSkipped = zeros === 0 ? 0 : (zeros - 1) & ~3;
  }

  list(): void {
    this.out.push(`\nDisassembly of section ${this.section.name}:\n`);
    let address = this.start;
    let found = this.findSymbol(address, true);
    let symbol = found?.symbol;
    let place = found?.place ?? 0;
    while (address < this.end) {
      this.out.push(`\n${hex8(address)} ${this.describeAddress(symbol, address)}:\n`);
      let next: ListingSymbol | undefined;
      if (symbol !== undefined && symbol.value > address) next = symbol;
      else if (symbol !== undefined) {
        const current = symbol;
        while (place < this.sorted.length && !(this.sorted[place].section === this.section.name && this.sorted[place].value > current.value)) place++;
        next = this.sorted[place];
      }
      let stop = next === undefined ? this.end : next.value;
      if (stop > this.end || stop <= address) stop = this.end;
      const isData =
        symbol !== undefined && symbol.section === this.section.name && symbol.value <= address && symbol.isObject && !symbol.isFunction && !compilerMarker(symbol.name);
      this.listBytes(address, stop, !isData);
      address = stop;
      symbol = next;
    }
  }

  /** objdump's find_symbol_for_address: the symbol that best names `address`, with its index. */
  private findSymbol(address: number, requireSection: boolean): { symbol: ListingSymbol; place: number } | undefined {
    const sorted = this.sorted;
    if (sorted.length === 0) return undefined;
    // The last symbol at or below the address (or the first symbol when none is).
    let low = 0;
    let high = sorted.length;
    while (low + 1 < high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid].value > address) high = mid;
      else if (sorted[mid].value < address) low = mid;
      else {
        low = mid;
        break;
      }
    }
    let place = low;
    while (place > 0 && sorted[place].value === sorted[place - 1].value) place--;
    // Among symbols at that value, one in this section wins.
    for (let i = place; i < high && sorted[i].value === sorted[place].value; i++) {
      if (sorted[i].section === this.section.name) return { symbol: sorted[i], place: i };
    }
    const wantSection = requireSection || (this.relocatable && address >= this.start && address < this.end);
    const acceptable = (s: ListingSymbol) => !wantSection || s.section === this.section.name;
    if (!acceptable(sorted[place])) {
      let chosen = -1;
      for (let i = place - 1; i >= 0; i--) {
        if (!acceptable(sorted[i])) continue;
        if (chosen >= 0 && sorted[i].value !== sorted[chosen].value) break;
        chosen = i;
      }
      if (chosen < 0) {
        for (let i = place + 1; i < sorted.length; i++) {
          if (acceptable(sorted[i])) {
            chosen = i;
            break;
          }
        }
      }
      if (chosen < 0) return undefined;
      place = chosen;
    }
    return { symbol: sorted[place], place };
  }

  /** `<symbol+0xoffset>` (or `-0x` before the symbol, or the section name when there is none). */
  private describeAddress(symbol: ListingSymbol | undefined, address: number): string {
    const base = symbol?.value ?? this.start;
    const name = symbol?.name ?? this.section.name;
    if (address > base) return `<${name}+0x${hex(address - base)}>`;
    if (address < base) return `<${name}-0x${hex(base - address)}>`;
    return `<${name}>`;
  }

  /** Branch targets: `1f4 <main+0x24>`, or `0x1f4` when the file has no usable symbols. */
  private readonly formatTarget: AddressFormat = (address) => {
    if (this.sorted.length === 0) return `0x${hex(address)}`;
    return `${hex(address)} ${this.describeAddress(this.findSymbol(address, false)?.symbol, address)}`;
  };

  private addressColumn(address: number): string {
    const digits = hex8(address).slice(this.addressDigitsSkipped);
    let first = 0;
    while (first < digits.length - 1 && digits[first] === "0") first++;
    return `${" ".repeat(first)}${digits.slice(first)}:\t`;
  }

  /** Lines for [from, to): instructions, or data bytes under an object symbol. */
  private listBytes(from: number, to: number, instructions: boolean): void {
    const data = this.section.data;
    const perLine = instructions ? 4 : 16;
    let address = from;
    while (address < to) {
      const offset = address - this.start;
      let zeros = 0;
      while (address + zeros < to && data[offset + zeros] === 0) zeros++;
      const reachesEnd = address + zeros === to;
      if (zeros >= SKIP_ZEROES || (reachesEnd && zeros > 0 && zeros < SKIP_ZEROES_AT_END)) {
        address += reachesEnd ? zeros : zeros & ~3;
        this.out.push("\t...\n");
        continue;
      }
      const count = Math.min(perLine, to - address);
      if (instructions && count < 4) {
        // objdump cannot read a whole instruction before the block ends; it says so and moves on.
        this.out.push(`${this.addressColumn(address)}Address 0x${hex(address)} is out of bounds.\n\n`);
        return;
      }
      const bytes = data.subarray(offset, offset + count);
      let line = this.addressColumn(address);
      for (const b of bytes) line += `${b.toString(16).padStart(2, "0")} `;
      line += "   ".repeat(perLine - count);
      if (instructions) {
        const word = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
        line += `\t${formatDisassembly(disassemble(word, address), this.formatTarget)}`;
      } else {
        line += `    ${Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("")}`;
      }
      this.out.push(`${line}\n`);
      address += count;
    }
  }
}
