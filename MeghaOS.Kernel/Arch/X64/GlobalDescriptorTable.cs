// The kernel's own GDT and TSS, loaded at boot in place of the boot stub's (which has no user segments). The order
// of the segments is what `syscall` and `sysret` need: STAR names one kernel selector (code, with data right after
// it) and one user base (user data at base + 8, 64-bit user code at base + 16). The TSS holds RSP0, the stack the
// CPU switches to when an interrupt or fault arrives in ring 3 (the running thread's kernel stack top, set at every
// switch), and two interrupt stacks: IST1 for double faults, IST2 for NMIs and machine checks, so each runs on a good
// stack whatever state the interrupted stack is in. It has no I/O permission bitmap, so in/out from ring 3 fault.
namespace MeghaOS.Arch.X64;

using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>Segments, the TSS and their loading.</summary>
internal static unsafe class GlobalDescriptorTable
{
    /// <summary>Ring 0 64-bit code.</summary>
    internal const ushort KernelCode = 0x08;

    /// <summary>Ring 0 data (also the kernel's stack segment).</summary>
    internal const ushort KernelData = 0x10;

    /// <summary>Ring 3 data, with the requested privilege level 3 (the user's SS).</summary>
    internal const ushort UserData = 0x18 | 3;

    /// <summary>Ring 3 64-bit code, with RPL 3 (the user's CS).</summary>
    internal const ushort UserCode = 0x20 | 3;

    /// <summary>The TSS's selector.</summary>
    internal const ushort TaskState = 0x28;

    /// <summary>IST slot of the double-fault stack.</summary>
    internal const byte DoubleFaultStack = 1;

    /// <summary>IST slot of the NMI and machine-check stack.</summary>
    internal const byte NmiStack = 2;

    private const int TssBytes = 104;
    private const int InterruptStackBytes = 16 * 1024;

    private struct Table
    {
        public fixed ulong Entries[7]; // null, kernel code, kernel data, user data, user code, TSS (two entries)
    }

    private struct TaskStateSegment
    {
        public fixed byte Bytes[TssBytes];
    }

    private struct InterruptStack
    {
        public fixed byte Bytes[InterruptStackBytes];
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct Register
    {
        public ushort Limit;
        public ulong Base;
    }

    private static Table s_table;
    private static TaskStateSegment s_tss;
    private static InterruptStack s_doubleFaultStack;
    private static InterruptStack s_nmiStack;
    private static Register s_register;

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "gdt_load")]
    private static extern void Load(void* register, ushort taskState);

    /// <summary>Builds the GDT and TSS and loads them (segment registers and the task register included).</summary>
    internal static void Initialize()
    {
        fixed (ulong* entries = s_table.Entries)
        fixed (byte* tss = s_tss.Bytes)
        fixed (byte* doubleFault = s_doubleFaultStack.Bytes)
        fixed (byte* nmi = s_nmiStack.Bytes)
        fixed (Register* register = &s_register)
        {
            entries[0] = 0;
            entries[1] = 0x00AF9A000000FFFF; // present, ring 0, code, long mode
            entries[2] = 0x00CF92000000FFFF; // present, ring 0, data, writable
            entries[3] = 0x00CFF2000000FFFF; // present, ring 3, data, writable
            entries[4] = 0x00AFFA000000FFFF; // present, ring 3, code, long mode
            ulong tssBase = (ulong)tss;
            entries[5] = (ulong)(TssBytes - 1) | ((tssBase & 0xFFFFFF) << 16) | (0x89UL << 40) | (((tssBase >> 24) & 0xFF) << 56);
            entries[6] = tssBase >> 32;

            for (int i = 0; i < TssBytes; i++)
            {
                tss[i] = 0;
            }

            *(ulong*)(tss + 36) = ((ulong)doubleFault + InterruptStackBytes) & ~15UL;  // IST1
            *(ulong*)(tss + 44) = ((ulong)nmi + InterruptStackBytes) & ~15UL;          // IST2
            *(ushort*)(tss + 102) = TssBytes;                                          // no I/O bitmap

            register->Limit = 7 * 8 - 1;
            register->Base = (ulong)entries;
            Load(register, TaskState);
        }
    }

    /// <summary>Sets RSP0: where the CPU puts the stack on an interrupt or fault from ring 3.</summary>
    internal static void SetKernelStack(ulong top)
    {
        fixed (byte* tss = s_tss.Bytes)
        {
            *(ulong*)(tss + 4) = top;
        }
    }
}
