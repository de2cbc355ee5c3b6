// The IDT: 48 interrupt gates pointing at the stubs in InterruptStubs.asm (32 CPU exceptions, then the 16 PIC
// lines remapped to 32-47). Double fault, NMI and machine check run on their own stacks (IST1 and IST2 of the TSS in
// GlobalDescriptorTable.cs), so even a fault with a broken stack pointer reaches the panic handler instead of
// triple-faulting. Only the breakpoint gate may be used by ring 3 (`int3`); any other `int N` there is a #GP.
namespace MeghaOS.Arch.X64;

using System.Runtime.InteropServices;

/// <summary>The interrupt descriptor table.</summary>
internal static unsafe class InterruptDescriptorTable
{
    /// <summary>Vectors with a gate: 32 exceptions and 16 PIC lines.</summary>
    internal const int GateCount = 48;

    private const ushort KernelCodeSelector = 0x08;
    private const byte InterruptGatePresent = 0x8E;     // present, ring 0, 64-bit interrupt gate (interrupts off)
    private const byte UserInterruptGatePresent = 0xEE; // the same, callable from ring 3 (int3 raises #BP, not #GP)

    private struct Gate
    {
        public ushort OffsetLow;
        public ushort Selector;
        public byte InterruptStackTable;
        public byte TypeAttributes;
        public ushort OffsetMiddle;
        public uint OffsetHigh;
        public uint Reserved;
    }

    private struct Table
    {
        public fixed byte Bytes[256 * 16];
    }

    // lidt reads a 2-byte limit directly followed by the 8-byte base: no padding.
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct Register
    {
        public ushort Limit;
        public ulong Base;
    }

    private static Table s_table;
    private static Register s_register;

    /// <summary>Fills the gates from the stub addresses and loads the IDT register.</summary>
    internal static void Load(ulong* stubs)
    {
        fixed (byte* bytes = s_table.Bytes)
        {
            var gates = (Gate*)bytes;
            for (int vector = 0; vector < GateCount; vector++)
            {
                ulong handler = stubs[vector];
                gates[vector].OffsetLow = (ushort)handler;
                gates[vector].Selector = KernelCodeSelector;
                gates[vector].InterruptStackTable = StackOf(vector);
                gates[vector].TypeAttributes = vector == (int)CpuException.Breakpoint ? UserInterruptGatePresent : InterruptGatePresent;
                gates[vector].OffsetMiddle = (ushort)(handler >> 16);
                gates[vector].OffsetHigh = (uint)(handler >> 32);
                gates[vector].Reserved = 0;
            }

            // Vectors past the PIC lines stay not present: one arriving raises #NP, which panics with its number.
            fixed (Register* register = &s_register)
            {
                register->Limit = 256 * 16 - 1;
                register->Base = (ulong)bytes;
                Cpu.LoadIdt(register);
            }
        }
    }

    // The slots of the kernel's TSS (GlobalDescriptorTable.cs, loaded before this table).
    private static byte StackOf(int vector) =>
        vector == (int)CpuException.DoubleFault ? GlobalDescriptorTable.DoubleFaultStack :
        vector == (int)CpuException.NonMaskableInterrupt || vector == (int)CpuException.MachineCheck ? GlobalDescriptorTable.NmiStack :
        (byte)0;
}
