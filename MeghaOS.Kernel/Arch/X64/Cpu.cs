// C# access to the CPU instructions in CpuInstructions.asm (port I/O, control registers, interrupts, halt).
namespace MeghaOS.Arch.X64;

using System.Runtime;
using System.Runtime.CompilerServices;

/// <summary>x86-64 instructions C# cannot express, as direct calls into CpuInstructions.asm.</summary>
internal static unsafe class Cpu
{
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_out8")]
    internal static extern void Out8(ushort port, byte value);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_out16")]
    internal static extern void Out16(ushort port, ushort value);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_out32")]
    internal static extern void Out32(ushort port, uint value);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_in8")]
    internal static extern byte In8(ushort port);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_in16")]
    internal static extern ushort In16(ushort port);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_in32")]
    internal static extern uint In32(ushort port);

    /// <summary>Loads the IDT register from a 10-byte descriptor (limit, base).</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_load_idt")]
    internal static extern void LoadIdt(void* descriptor);

    /// <summary>The address whose access caused the last page fault.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_read_cr2")]
    internal static extern ulong ReadCr2();

    /// <summary>The physical address of the top-level page table.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_read_cr3")]
    internal static extern ulong ReadCr3();

    /// <summary>Loads a top-level page table: its address space from now on, and every non-global TLB entry dropped.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_write_cr3")]
    internal static extern void WriteCr3(ulong root);

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_enable_interrupts")]
    internal static extern void EnableInterrupts();

    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_disable_interrupts")]
    internal static extern void DisableInterrupts();

    /// <summary>Enables interrupts and sleeps until the next one, with no gap in which a wake-up could be missed.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_wait_for_interrupt")]
    internal static extern void WaitForInterrupt();

    /// <summary>Disables interrupts and halts for good.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_halt_forever")]
    internal static extern void HaltForever();

    /// <summary>The time-stamp counter.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_read_timestamp")]
    internal static extern ulong ReadTimestamp();

    /// <summary>The EDX feature bits CPUID reports for <paramref name="leaf"/> (sub-leaf 0).</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_cpuid_edx")]
    internal static extern uint CpuidEdx(uint leaf);

    /// <summary>Turns interrupts off; true when they were on.</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_save_and_disable_interrupts")]
    internal static extern bool SaveAndDisableInterrupts();

    /// <summary>Drops the TLB entry of the page holding <paramref name="address"/> (after its page table entry changed).</summary>
    [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_invalidate_page")]
    internal static extern void InvalidatePage(ulong address);

    /// <summary>True when the CPU has a time-stamp counter (CPUID leaf 1, EDX bit 4).</summary>
    internal static bool HasTimestampCounter => (CpuidEdx(1) & (1u << 4)) != 0;
}
