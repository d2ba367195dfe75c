/**
 * Host-side reference implementations of the benchmark workloads (userland/bench/compute-*.c),
 * written independently in TypeScript so the tests can check the guest's checksum without a
 * copied constant: CRC-32 bit by bit instead of by table, the sort by Array.prototype.sort,
 * the FP operations by JavaScript's IEEE 754 doubles (the guest is built with -ffp-contract=off,
 * so it does no fused multiply-adds).
 */

const u32 = (n: number): number => n >>> 0;

export function mix(hash: number, value: number): number {
  const h = u32(Math.imul(hash ^ value, 0x01000193));
  return u32(h ^ (h >>> 16));
}

const CHECK_INIT = 0x811c9dc5;

class Lcg {
  constructor(private state: number) {}
  next(): number {
    this.state = u32(Math.imul(this.state, 1664525) + 1013904223);
    return this.state;
  }
}

// --- integer workload (compute-int.c) ---

function primesBelow(limit: number): number {
  const isComposite = new Uint8Array(limit);
  let count = 0;
  let sum = 0;
  for (let n = 2; n < limit; n++) {
    if (isComposite[n]) continue;
    count++;
    sum = u32(sum + n);
    for (let m = n * n; m < limit; m += n) isComposite[m] = 1;
  }
  return mix(count, sum);
}

function crc32OfRandomBytes(seed: number, length: number): number {
  const random = new Lcg(seed);
  let crc = 0xffffffff;
  for (let i = 0; i < length; i++) {
    crc ^= random.next() >>> 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return u32(~crc);
}

function integerMatrixProduct(seed: number, n: number): number {
  const random = new Lcg(seed);
  const a: number[][] = [];
  const b: number[][] = [];
  for (let i = 0; i < n; i++) {
    a.push([]);
    b.push([]);
    for (let j = 0; j < n; j++) {
      a[i].push((random.next() >>> 24) - 128);
      b[i].push((random.next() >>> 24) - 128);
    }
  }
  let hash = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a[i][k] * b[k][j];
      hash = mix(hash, u32(sum));
    }
  }
  return hash;
}

function sortedRandomWords(seed: number, count: number): number {
  const random = new Lcg(seed);
  const values = Array.from({ length: count }, () => random.next());
  values.sort((x, y) => x - y);
  return values.reduce((hash, value, i) => mix(hash, u32(value ^ i)), 0);
}

/** The integer workload's checksum after `iterations` iterations. */
export function integerChecksum(iterations: number): number {
  let check = CHECK_INIT;
  for (let i = 0; i < iterations; i++) {
    const seed = u32(check + i);
    check = mix(check, primesBelow(8192 - (seed & 0xff)));
    check = mix(check, crc32OfRandomBytes(seed, 2048));
    check = mix(check, integerMatrixProduct(u32(seed ^ 0x9e3779b9), 16));
    check = mix(check, sortedRandomWords(u32(seed ^ 0x7f4a7c15), 256));
  }
  return check;
}

// --- floating-point workload (compute-fp.c) ---

const doubleBits = new DataView(new ArrayBuffer(8));

function mixDouble(hash: number, value: number): number {
  doubleBits.setFloat64(0, value); // big-endian, as the guest stores it
  return mix(mix(hash, doubleBits.getUint32(0)), doubleBits.getUint32(4));
}

/** C's conversion of an in-range double to int32_t (truncation), as a uint32. */
const truncateToWord = (value: number): number => u32(Math.trunc(value));

function doubleMatrixProduct(seed: number, n: number): number {
  const random = new Lcg(seed);
  const a: number[][] = [];
  const b: number[][] = [];
  for (let i = 0; i < n; i++) {
    a.push([]);
    b.push([]);
    for (let j = 0; j < n; j++) {
      a[i].push(((random.next() >>> 20) - 2048) / 256);
      b[i].push(((random.next() >>> 20) - 2048) / 512);
    }
  }
  const c = a.map((row) => b[0].map((_, j) => row.reduce((sum, aik, k) => sum + aik * b[k][j], 0)));
  let trace = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    trace += c[i][i];
    for (let j = 0; j < n; j++) weighted += (c[i][j] * (i * n + j + 1)) / 7;
  }
  return mix(mixDouble(mixDouble(0, trace), weighted), truncateToWord(weighted));
}

function seriesSums(seed: number, terms: number): number {
  const first = 1 + (seed & 0xf);
  let leibniz = 0;
  let basel = 0;
  let sign = 1;
  for (let k = first; k < first + terms; k++) {
    leibniz += sign / (2 * k - 1);
    basel += 1 / (k * k);
    sign = -sign;
  }
  return mix(mixDouble(mixDouble(0, leibniz), basel), truncateToWord(leibniz * 1e9));
}

/** The floating-point workload's checksum after `iterations` iterations. */
export function floatingPointChecksum(iterations: number): number {
  let check = CHECK_INIT;
  for (let i = 0; i < iterations; i++) {
    const seed = u32(check + i);
    check = mix(check, doubleMatrixProduct(seed, 12));
    check = mix(check, seriesSums(seed, 1000));
  }
  return check;
}
