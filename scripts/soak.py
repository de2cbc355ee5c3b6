#!/usr/bin/env python3
# A soak run for hunting rare kernel hangs (never part of the test suite): boots the ISO in QEMU, types the given
# commands at the user shell round after round, and expects each to end at a prompt. When one does not (a hang, a
# triple fault that left QEMU paused), it prints what the machine was doing: the end of the console output, the
# registers, QEMU's run state, the page-table walk for RSP under the loaded CR3, and the return addresses found on
# the kernel stack, each named by the kernel's symbol table (nm). This is how the fork/execve race that loaded a
# freed PML4 into CR3 was found (ProcessTable.StartThread). Needs the ISO built (dotnet build MeghaOS.Kernel -c Release).
#
#   python3 scripts/soak.py [--rounds N] [--iso PATH] "COMMAND" ["COMMAND" ...]
#
# Example: python3 scripts/soak.py --rounds 500 "cat /sys/pmm/owners" 'echo $?' "musl-hostile null" "ls /bin"
import argparse
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

PROMPT = r"\n(.*\n)*sh:/[^\n$]*\$ "
DIRECT_MAP = 0xFFFF800000000000
ADDRESS_MASK = 0x000FFFFFFFFFF000


class Machine:
    def __init__(self, iso):
        self.monitor_path = os.path.join(tempfile.gettempdir(), "meghaos-soak-%d.sock" % os.getpid())
        self.qemu = subprocess.Popen(
            ["qemu-system-x86_64", "-cdrom", iso, "-m", "64M", "-display", "none", "-serial", "stdio",
             "-monitor", "unix:%s,server,nowait" % self.monitor_path, "-no-reboot", "-no-shutdown"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.output = bytearray()

    def wait_for(self, pattern, timeout, start):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if re.search(pattern, self.output[start:].decode("latin1")):
                return True
            ready, _, _ = select.select([self.qemu.stdout], [], [], 0.2)
            if ready:
                data = os.read(self.qemu.stdout.fileno(), 65536)
                if not data:
                    return False
                self.output.extend(data)
        return False

    def type_line(self, line):
        self.qemu.stdin.write((line + "\r").encode())
        self.qemu.stdin.flush()

    def monitor(self, command):
        with socket.socket(socket.AF_UNIX) as connection:
            connection.connect(self.monitor_path)
            time.sleep(0.3)
            connection.recv(65536)  # the banner
            connection.sendall((command + "\n").encode())
            time.sleep(0.5)
            return connection.recv(1 << 20).decode("latin1")

    def physical_quad(self, address):
        match = re.search(r"[0-9a-f]+: 0x([0-9a-f]+)", self.monitor("xp /1gx 0x%x" % address))
        return int(match.group(1), 16) if match else None

    def stop(self):
        self.qemu.kill()


def symbols(elf):
    table = []
    try:
        listing = subprocess.run(["nm", "-n", "-C", elf], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return table
    for line in listing.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] in "tTbBdDrR":
            table.append((int(parts[0], 16), parts[2]))
    return table


def name_of(table, address):
    best = None
    for start, name in table:
        if start > address:
            break
        best = (start, name)
    return "%s+0x%x" % (best[1], address - best[0]) if best else "?"


def report(machine, elf):
    print(machine.output[-1500:].decode("latin1"))
    registers = machine.monitor("info registers")
    print(registers[registers.find("RAX="):registers.find("ES =")])
    status = re.search(r"VM status: [^\r\n]*", machine.monitor("info status"))
    print(status.group(0) if status else "VM status: ?")
    cr3 = int(re.search(r"CR3=([0-9a-f]+)", registers).group(1), 16) & ADDRESS_MASK
    rsp = int(re.search(r"RSP=([0-9a-f]+)", registers).group(1), 16)
    table = cr3
    for level, shift in ((4, 39), (3, 30), (2, 21), (1, 12)):
        entry = machine.physical_quad(table + ((rsp >> shift) & 511) * 8)
        print("page walk for RSP: level %d table 0x%x entry %s" % (level, table, "?" if entry is None else "0x%x" % entry))
        if entry is None or not entry & 1 or (level in (2, 3) and entry & 0x80):
            break
        table = entry & ADDRESS_MASK
    if rsp >= DIRECT_MAP:
        names = symbols(elf)
        dump = machine.monitor("xp /64gx 0x%x" % (rsp - DIRECT_MAP))
        print("kernel addresses on the stack (innermost first):")
        for value in re.findall(r"0x(ffffffff8[0-9a-f]{7})", dump):
            print("  0x%s %s" % (value, name_of(names, int(value, 16))))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description="Types commands at MeghaOS's user shell until one hangs.")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--iso", default=os.path.join(root, "MeghaOS.Kernel/bin/Release/meghaos.iso"))
    parser.add_argument("--timeout", type=float, default=30, help="seconds one command may take")
    parser.add_argument("commands", nargs="+")
    arguments = parser.parse_args()
    elf = os.path.join(os.path.dirname(arguments.iso), "meghaos.elf")

    machine = Machine(arguments.iso)
    try:
        if not machine.wait_for(r"sh:/\$ ", 120, 0):
            print("the user shell's prompt never came")
            report(machine, elf)
            return 1
        for round_number in range(arguments.rounds):
            for command in arguments.commands:
                start = len(machine.output)
                machine.type_line(command)
                if not machine.wait_for(PROMPT, arguments.timeout, start):
                    print("no prompt after %r in round %d" % (command, round_number))
                    report(machine, elf)
                    return 1
            if round_number % 50 == 0:
                print("round %d" % round_number, flush=True)
        print("%d rounds of %d commands, every one answered" % (arguments.rounds, len(arguments.commands)))
        return 0
    finally:
        machine.stop()


if __name__ == "__main__":
    sys.exit(main())
