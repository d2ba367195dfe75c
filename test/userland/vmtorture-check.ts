/**
 * Reads vmtorture's output (userland/programs/vmtorture.c) and replays every call against a
 * FirstFitMap that starts from the task's map at exec, reporting each line whose return code
 * or address differs from the model's. The kernel-side tests use it with the real kernel's
 * output; the runtime tests with the TypeScript stand-in's.
 */
import { FirstFitMap, KERN_SUCCESS, type MapEntry } from "./first-fit.js";

export interface VmTortureCall {
  readonly op: number;
  readonly call: string;
  readonly fields: ReadonlyMap<string, number>;
  readonly line: string;
}

const CALLS = new Set([
  "vm_allocate", "mach_vm_allocate", "vm_deallocate", "mach_vm_deallocate", "vm_protect", "mach_vm_protect", "touch",
]);

/** The `op=` lines, parsed; throws on a line that looks like one but does not parse. */
export function parseVmTorture(output: string): VmTortureCall[] {
  const calls: VmTortureCall[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("op=")) continue;
    const fields = new Map<string, number>();
    let call = "";
    for (const part of line.split(" ")) {
      const [key, value] = part.split("=");
      if (value === undefined) throw new Error(`vmtorture: malformed field '${part}' in: ${line}`);
      if (key === "call") {
        call = value;
        continue;
      }
      const number = Number(value);
      if (!Number.isFinite(number)) throw new Error(`vmtorture: '${key}' is not a number in: ${line}`);
      fields.set(key, number);
    }
    if (!CALLS.has(call)) throw new Error(`vmtorture: unknown call '${call}' in: ${line}`);
    calls.push({ op: fields.get("op") ?? -1, call, fields, line });
  }
  return calls;
}

/** Lines where the program's results differ from the model's, as readable messages. */
export function checkVmTorture(calls: readonly VmTortureCall[], initialMap: readonly MapEntry[]): string[] {
  const map = new FirstFitMap(0, undefined, initialMap);
  const problems: string[] = [];
  const need = (call: VmTortureCall, key: string): number => {
    const value = call.fields.get(key);
    if (value === undefined) throw new Error(`vmtorture: no '${key}' in: ${call.line}`);
    return value;
  };
  calls.forEach((call, index) => {
    if (call.op !== index + 1) problems.push(`expected op=${index + 1}: ${call.line}`);
    const wide = call.call.startsWith("mach_vm_");
    const width = wide ? 64 : 32;
    let expectedKr: number | undefined;
    switch (call.call) {
      case "vm_allocate":
      case "mach_vm_allocate": {
        const expected = map.allocate(need(call, "address"), need(call, "size"), need(call, "flags"));
        expectedKr = expected.kr;
        const result = need(call, "result");
        const expectedResult = expected.kr === KERN_SUCCESS ? expected.address : need(call, "address");
        if (result !== expectedResult) {
          problems.push(`model says result=0x${expectedResult.toString(16)}: ${call.line}`);
        }
        break;
      }
      case "vm_deallocate":
      case "mach_vm_deallocate":
        expectedKr = map.deallocate(need(call, "address"), need(call, "size"), width);
        break;
      case "vm_protect":
      case "mach_vm_protect":
        expectedKr = map.protect(
          need(call, "address"), need(call, "size"), need(call, "set_maximum") !== 0, need(call, "protection"), width,
        );
        break;
      case "touch":
        if (need(call, "before") !== 0) problems.push(`fresh memory was not zero: ${call.line}`);
        if (map.lookup(need(call, "address")) === undefined) problems.push(`touched an unmapped page: ${call.line}`);
        break;
    }
    if (expectedKr !== undefined && need(call, "kr") !== expectedKr) problems.push(`model says kr=${expectedKr}: ${call.line}`);
  });
  return problems;
}
