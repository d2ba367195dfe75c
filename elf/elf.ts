/**
 * A reader for 32-bit big-endian PowerPC ELF files (System V ABI, PowerPC supplement). It checks
 * everything it relies on and reports a malformed file with an ElfError naming what is wrong,
 * never with a host exception from an out-of-range read.
 */
export class ElfError extends Error {
  override readonly name = "ElfError";
}

export const PT_LOAD = 1;
export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
const EM_PPC = 20;

export interface ElfSegment {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: number;
  readonly align: number;
  /** The file bytes of the segment (filesz of them); the rest up to memsz is zero. */
  readonly data: Uint8Array;
}

export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly entsize: number;
  /** The section's bytes (empty for SHT_NOBITS). */
  readonly data: Uint8Array;
}

export interface ElfSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  /** STT_* in the low nibble of st_info. */
  readonly type: number;
  readonly binding: number;
  readonly sectionIndex: number;
}

export interface ElfImage {
  /** 2 = ET_EXEC, 3 = ET_DYN, 1 = ET_REL. */
  readonly type: number;
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
  readonly sections: readonly ElfSection[];
  readonly symbols: readonly ElfSymbol[];
}

export function parseElf(bytes: Uint8Array, what = "file"): ElfImage {
  const fail = (message: string): never => {
    throw new ElfError(`${what}: ${message}`);
  };
  if (bytes.length < 52) fail(`too short for an ELF header (${bytes.length} bytes)`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) fail("not an ELF file (bad magic)");
  if (bytes[4] !== 1) fail("not a 32-bit ELF file (EI_CLASS is not ELFCLASS32)");
  if (bytes[5] !== 2) fail("not a big-endian ELF file (EI_DATA is not ELFDATA2MSB)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at);
  const u32 = (at: number) => view.getUint32(at);
  const machine = u16(18);
  if (machine !== EM_PPC) fail(`not a PowerPC ELF file (e_machine is ${machine}, expected ${EM_PPC})`);
  const type = u16(16);
  const entry = u32(24);
  const phoff = u32(28);
  const shoff = u32(32);
  const phentsize = u16(42);
  const phnum = u16(44);
  const shentsize = u16(46);
  const shnum = u16(48);
  const shstrndx = u16(50);

  const inFile = (offset: number, size: number) => offset + size <= bytes.length;
  const slice = (offset: number, size: number, whose: string): Uint8Array => {
    if (!inFile(offset, size)) fail(`${whose} lies outside the file (offset 0x${offset.toString(16)}, size 0x${size.toString(16)})`);
    return bytes.subarray(offset, offset + size);
  };

  const segments: ElfSegment[] = [];
  if (phnum > 0) {
    if (phentsize < 32) fail(`program header entries are too small (${phentsize} bytes)`);
    slice(phoff, phnum * phentsize, "the program header table");
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      const seg = {
        type: u32(at), offset: u32(at + 4), vaddr: u32(at + 8), paddr: u32(at + 12),
        filesz: u32(at + 16), memsz: u32(at + 20), flags: u32(at + 24), align: u32(at + 28),
      };
      if (seg.type === PT_LOAD) {
        if (seg.filesz > seg.memsz) fail(`segment ${i} has filesz 0x${seg.filesz.toString(16)} > memsz 0x${seg.memsz.toString(16)}`);
        if (seg.vaddr + seg.memsz > 0x1_0000_0000) fail(`segment ${i} wraps past the end of the 32-bit address space`);
      }
      segments.push({ ...seg, data: slice(seg.offset, seg.filesz, `segment ${i}`) });
    }
  }

  const sections: ElfSection[] = [];
  if (shnum > 0 && shoff !== 0) {
    if (shentsize < 40) fail(`section header entries are too small (${shentsize} bytes)`);
    slice(shoff, shnum * shentsize, "the section header table");
    const raw = Array.from({ length: shnum }, (_, i) => {
      const at = shoff + i * shentsize;
      return {
        nameOffset: u32(at), type: u32(at + 4), flags: u32(at + 8), addr: u32(at + 12), offset: u32(at + 16),
        size: u32(at + 20), link: u32(at + 24), entsize: u32(at + 36),
      };
    });
    if (shstrndx >= shnum) fail(`section-name table index ${shstrndx} is out of range`);
    const names = raw[shstrndx];
    const nameTable = slice(names.offset, names.size, "the section-name table");
    for (const [i, s] of raw.entries()) {
      const data = s.type === SHT_NOBITS ? new Uint8Array(0) : slice(s.offset, s.size, `section ${i}`);
      sections.push({ ...s, name: cString(nameTable, s.nameOffset), data });
    }
  }

  const symbols: ElfSymbol[] = [];
  for (const symtab of sections.filter((s) => s.type === SHT_SYMTAB)) {
    if (symtab.link >= sections.length) fail(`symbol table ${symtab.name} links to a missing string table`);
    const strings = sections[symtab.link].data;
    const entsize = symtab.entsize || 16;
    if (entsize < 16) fail(`symbol table ${symtab.name} has entries of ${entsize} bytes`);
    const symView = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
    for (let at = 0; at + 16 <= symtab.data.length; at += entsize) {
      const info = symView.getUint8(at + 12);
      symbols.push({
        name: cString(strings, symView.getUint32(at)),
        value: symView.getUint32(at + 4),
        size: symView.getUint32(at + 8),
        type: info & 0xf,
        binding: info >>> 4,
        sectionIndex: symView.getUint16(at + 14),
      });
    }
  }

  return { type, entry, segments, sections, symbols };
}

function cString(table: Uint8Array, offset: number): string {
  if (offset >= table.length) return "";
  let end = offset;
  while (end < table.length && table[end] !== 0) end++;
  return new TextDecoder("latin1").decode(table.subarray(offset, end));
}
