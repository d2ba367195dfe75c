/**
 * The initial user stack of a 32-bit process as xnu-792's exec_copyout_strings builds it
 * (docs/user-abi.md §5), as a list of words and strings to write, and the r1 the program
 * starts with. The shim uses it to start programs; a kernel test can compare the real stack
 * against it.
 */
const WORD = 4;
const roundWord = (n: number): number => Math.ceil(n / WORD) * WORD;

export interface ExecStack {
  /** r1 at entry: the address of argc. */
  readonly sp: number;
  /** Address of the exec path string (the apple[0] pointer). */
  readonly execPathAddress: number;
  /** Addresses of the argv and envp strings. */
  readonly argvAddresses: readonly number[];
  readonly envpAddresses: readonly number[];
  /** Every byte the kernel writes, by address; everything else in the stack stays zero. */
  readonly writes: ReadonlyArray<{ readonly address: number; readonly bytes: Uint8Array }>;
}

const cString = (text: string): Uint8Array => new TextEncoder().encode(`${text}\0`);

function word(value: number): Uint8Array {
  const bytes = new Uint8Array(WORD);
  new DataView(bytes.buffer).setUint32(0, value >>> 0);
  return bytes;
}

export function buildExecStack(top: number, execPath: string, argv: readonly string[], envp: readonly string[]): ExecStack {
  const path = cString(execPath);
  const strings = [...argv, ...envp].map(cString);
  const length = path.length + strings.reduce((sum, s) => sum + s.length, 0);
  // exec_mach_imgact's "round it up to the next word boundary" adds the rounded length to the
  // end pointer instead of rounding it, so the string area is sized for length + round(length).
  const areaLength = length + roundWord(length);
  const stringArea = top - roundWord(areaLength) - WORD;
  const pathArea = stringArea - roundWord(path.length);
  const sp = pathArea - (argv.length + envp.length + 4) * WORD - WORD;

  const writes: { address: number; bytes: Uint8Array }[] = [];
  writes.push({ address: pathArea, bytes: path });
  writes.push({ address: pathArea - WORD, bytes: word(0) });
  writes.push({ address: pathArea - 2 * WORD, bytes: word(pathArea) });
  writes.push({ address: sp, bytes: word(argv.length) });
  let pointer = sp + WORD;
  let text = stringArea;
  const addresses: number[] = [];
  strings.forEach((bytes, index) => {
    if (index === argv.length) {
      writes.push({ address: pointer, bytes: word(0) });
      pointer += WORD;
    }
    writes.push({ address: pointer, bytes: word(text) });
    writes.push({ address: text, bytes });
    addresses.push(text);
    pointer += WORD;
    text += bytes.length;
  });
  if (strings.length === argv.length) {
    writes.push({ address: pointer, bytes: word(0) });
    pointer += WORD;
  }
  writes.push({ address: pointer, bytes: word(0) });
  return {
    sp,
    execPathAddress: pathArea,
    argvAddresses: addresses.slice(0, argv.length),
    envpAddresses: addresses.slice(argv.length),
    writes,
  };
}
