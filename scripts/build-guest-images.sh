#!/usr/bin/env bash
# Rebuilds every committed guest image from source with Debian's powerpc-linux-gnu toolchain.
#
#   scripts/build-guest-images.sh [OUTPUT_DIR]     (default: images/)
#
# The build is reproducible: the same toolchain gives the same bytes on any machine, in any
# checkout directory (scripts/check-guest-images.sh relies on this). Sources are compiled by
# relative path from the repository root, with no debug information, no build id, no
# timestamps and a fixed locale, time zone and SOURCE_DATE_EPOCH. Symbol tables are kept (the
# benchmark sets its iteration count through one, and they make disassembly readable); they
# hold only source file names, never paths.
set -euo pipefail

export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=0
umask 022

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shown=${1:-images}  # as the user named it, for the progress lines
if [ $# -ge 1 ]; then mkdir -p "$1" && out=$(cd "$1" && pwd); else out=$root/images && mkdir -p "$out"; fi
cd "$root"

CC=powerpc-linux-gnu-gcc

# Flags every image is built with: the G3 instruction set (runs on the 750 and the 7400, no
# AltiVec), freestanding C, static non-PIE code, and everything that would make the output
# depend on the build machine, the directory or the time turned off.
COMMON_FLAGS=(
  -std=gnu11 -O2 -mcpu=750 -mno-altivec -mbig-endian -m32
  -ffreestanding -nostdlib -static -fno-pie -no-pie
  -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables
  -g0 -Wall -Wextra -Werror -Wdate-time
  "-ffile-prefix-map=$root=." "-fdebug-prefix-map=$root=."
  -Wl,--build-id=none -Wl,-z,noexecstack
)
# Per kind of image: bare-metal images get the shared crt and linker script (userland/bare/);
# linux images are static Linux programs for qemu-ppc and bring their own _start.
BARE_FLAGS=(-Tuserland/bare/bare.ld -Wl,--orphan-handling=error -Wl,-z,max-page-size=4096)
BARE_SOURCES=(userland/bare/crt0.S userland/bare/console.c userland/bare/string.c)
LINUX_FLAGS=()
LINUX_SOURCES=(userland/bare/string.c)
# The guest kernel (docs/kernel.md) has its own entry, vectors and linker script; every C and
# assembly file under kernel/ is part of it.
KERNEL_FLAGS=(-Tkernel/kernel.ld -Ikernel -msoft-float -Wl,--orphan-handling=error -Wl,-z,max-page-size=4096)
KERNEL_SOURCES=(kernel/*/*.c kernel/*/*.S)
# user images are Mac OS X 10.4-style user programs (docs/user-abi.md) on the tiny runtime;
# raw images get nothing but their own flags and sources.
USER_FLAGS=(-Tuserland/runtime/user.ld -Iuserland/runtime/include -msoft-float -Wl,--orphan-handling=error -Wl,-z,max-page-size=4096)
USER_SOURCES=(userland/runtime/crt0.S userland/runtime/start.c userland/runtime/syscalls.S userland/runtime/cerror.c
  userland/runtime/mach_msg.c userland/runtime/vm_mig.c userland/runtime/print.c userland/runtime/text.c
  userland/runtime/linkedit.S userland/bare/string.c)

# One image per line: name | kind (bare, linux, kernel, user or raw) | extra flags | sources.
# Adding an image is adding a line.
TARGETS='
bench-int       | bare  | -msoft-float                  | userland/bench/compute-int.c userland/bench/report.c userland/bench/bare-main.c
bench-int-mmu   | bare  | -msoft-float -DBENCH_MMU      | userland/bench/compute-int.c userland/bench/report.c userland/bench/bare-main.c userland/bench/mmu-setup.c
bench-int-linux | linux | -msoft-float                  | userland/bench/compute-int.c userland/bench/report.c userland/bench/linux-main.c userland/bench/linux-start.S
bench-fp        | bare  | -mhard-float -ffp-contract=off | userland/bench/compute-fp.c userland/bench/report.c userland/bench/bare-main.c
bench-fp-linux  | linux | -mhard-float -ffp-contract=off | userland/bench/compute-fp.c userland/bench/report.c userland/bench/linux-main.c userland/bench/linux-start.S
test-exceptions        | bare | -msoft-float -Ttest/bare/vectors.ld | test/bare/vectors.S test/bare/probes.S test/bare/kit.c test/bare/env.c test/bare/exceptions.c
test-mmu               | bare | -msoft-float -Ttest/bare/vectors.ld | test/bare/vectors.S test/bare/probes.S test/bare/kit.c test/bare/env.c test/bare/mmu.c
test-exit-status       | bare | -msoft-float | test/bare/exit-status.c
test-unhandled-illegal | bare | -msoft-float | test/bare/unhandled-illegal.c
test-unhandled-dsi     | bare | -msoft-float | test/bare/unhandled-dsi.c
test-runaway           | bare | -msoft-float | test/bare/runaway.c
kernel                 | kernel |              |
hello           | user  |                               | userland/programs/hello.c
abiprobe        | user  |                               | userland/programs/abiprobe.c
vmtorture       | user  |                               | userland/programs/vmtorture.c
faultcount      | user  |                               | userland/programs/faultcount.c
crash-null      | user  |                               | userland/programs/crash-null.c
crash-unmapped  | user  |                               | userland/programs/crash-unmapped.c
crash-text      | user  |                               | userland/programs/crash-text.c
crash-illegal   | user  |                               | userland/programs/crash-illegal.S
runaway         | user  |                               | userland/programs/runaway.c
asm-hello       | raw   | -Wl,-Ttext-segment=0x1000 -Wl,-z,max-page-size=0x1000 | userland/programs/asm-hello.S
'

# gcc's temporary files go to a private directory that is removed afterwards.
TMPDIR=$(mktemp -d)
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

while IFS='|' read -r name kind flags sources; do
  read -r name <<<"$name"
  [ -n "$name" ] || continue
  read -r kind <<<"$kind"
  read -r -a extra_flags <<<"$flags"
  read -r -a target_sources <<<"$sources"
  case $kind in
    bare) kind_flags=("${BARE_FLAGS[@]}") kind_sources=("${BARE_SOURCES[@]}") ;;
    linux) kind_flags=("${LINUX_FLAGS[@]}") kind_sources=("${LINUX_SOURCES[@]}") ;;
    kernel) kind_flags=("${KERNEL_FLAGS[@]}") kind_sources=("${KERNEL_SOURCES[@]}") ;;
    user) kind_flags=("${USER_FLAGS[@]}") kind_sources=("${USER_SOURCES[@]}") ;;
    raw) kind_flags=() kind_sources=() ;;
    *) echo "build-guest-images: $name: unknown kind '$kind'" >&2; exit 1 ;;
  esac
  echo "  CC  $shown/$name.elf"
  "$CC" "${COMMON_FLAGS[@]}" "${kind_flags[@]}" "${extra_flags[@]}" -frandom-seed="$name" \
    -o "$out/$name.elf" "${kind_sources[@]}" "${target_sources[@]}" -lgcc
done <<<"$TARGETS"
