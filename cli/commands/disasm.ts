/**
 * `ppcmac disasm`: disassembles the executable sections of a 32-bit PowerPC ELF file, or single
 * instruction words given in hex, printing what `powerpc-linux-gnu-objdump -d` prints.
 */
import { readFileSync } from "node:fs";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { disassembleToText } from "../../cpu/disasm.js";
import { parseElf } from "../../elf/elf.js";
import { disassemblyListing } from "../disasm-listing.js";
import { UsageError } from "../errors.js";

interface DisasmArguments {
  file?: string;
  hex?: string[];
  address: string;
}

/** A 32-bit hex number, with or without 0x (what --hex and --address take). */
export function parseHexWord(text: string, what: string): number {
  const digits = text.trim().replace(/^0x/i, "");
  if (!/^[0-9a-f]{1,8}$/i.test(digits)) throw new UsageError(`${what}: "${text}" is not a 32-bit hex number`);
  return Number.parseInt(digits, 16) >>> 0;
}

/**
 * Lines for single words, laid out as objdump lays out a raw binary: `address:\tbytes \ttext`.
 * The first word sits at `address`, each next one 4 bytes on.
 */
export function disassembleWords(words: readonly number[], address: number): string {
  return words
    .map((word, i) => {
      const at = (address + i * 4) >>> 0;
      const bytes = word.toString(16).padStart(8, "0").replace(/(..)/g, "$1 ");
      return `${at.toString(16).padStart(8, "0")}:\t${bytes}\t${disassembleToText(word, at)}\n`;
    })
    .join("");
}

export const disasmCommand: CommandModule<object, DisasmArguments> = {
  command: "disasm [file]",
  describe: "Disassemble an ELF file's code, or instruction words, as powerpc-linux-gnu-objdump -d does",
  builder: (yargs: Argv) =>
    yargs
      .positional("file", { type: "string", describe: "32-bit big-endian PowerPC ELF file (executable or object)" })
      .option("hex", {
        type: "string",
        array: true,
        describe: "Disassemble these instruction words instead (hex, with or without 0x)",
      })
      .option("address", {
        type: "string",
        default: "0",
        describe: "With --hex: address of the first word, for relative branch targets (hex)",
      })
      .example("$0 disasm hello.elf", "every executable section of hello.elf")
      .example("$0 disasm --hex 7c0802a6 4e800020", "mflr r0 / blr")
      .example("$0 disasm --hex 4bfffff0 --address 0x1000", "b 0xff0") as unknown as Argv<DisasmArguments>,
  handler: (argv: ArgumentsCamelCase<DisasmArguments>) => {
    if (argv.hex !== undefined) {
      if (argv.file !== undefined) throw new UsageError("give either a file or --hex words, not both");
      if (argv.hex.length === 0) throw new UsageError("--hex: give at least one instruction word");
      const words = argv.hex.flatMap((text) => text.split(/[\s,]+/).filter((t) => t !== "")).map((t) => parseHexWord(t, "--hex"));
      process.stdout.write(disassembleWords(words, parseHexWord(argv.address, "--address")));
      return;
    }
    if (argv.file === undefined) throw new UsageError("name an ELF file to disassemble, or give --hex words (see ppcmac disasm --help)");
    let bytes: Buffer;
    try {
      bytes = readFileSync(argv.file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      throw new UsageError(`cannot read ${argv.file}: ${reason}`);
    }
    const image = parseElf(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), argv.file);
    process.stdout.write(disassemblyListing(image, argv.file));
  },
};
