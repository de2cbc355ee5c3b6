// The two 8259 PICs: remapped so their 16 lines arrive as vectors 32-47 (the BIOS default overlaps the CPU
// exceptions), all lines masked until a handler is installed, and end-of-interrupt after each handled IRQ.
namespace MeghaOS.Arch.X64;

/// <summary>The legacy 8259 interrupt controller pair.</summary>
internal static class ProgrammableInterruptController
{
    private const ushort MasterCommand = 0x20;
    private const ushort MasterData = 0x21;
    private const ushort SlaveCommand = 0xA0;
    private const ushort SlaveData = 0xA1;
    private const byte EndOfInterruptCommand = 0x20;
    private const byte ReadInServiceCommand = 0x0B;
    private const int CascadeLine = 2;

    /// <summary>Remaps both PICs to vectors 32-47 and masks every line except the cascade.</summary>
    internal static void Initialize()
    {
        Cpu.Out8(MasterCommand, 0x11);                  // ICW1: initialise, ICW4 follows
        Cpu.Out8(SlaveCommand, 0x11);
        Cpu.Out8(MasterData, (byte)InterruptDispatcher.IrqBase);        // ICW2: vector offsets
        Cpu.Out8(SlaveData, (byte)(InterruptDispatcher.IrqBase + 8));
        Cpu.Out8(MasterData, 1 << CascadeLine);         // ICW3: slave on line 2
        Cpu.Out8(SlaveData, CascadeLine);
        Cpu.Out8(MasterData, 0x01);                     // ICW4: 8086 mode
        Cpu.Out8(SlaveData, 0x01);
        Cpu.Out8(MasterData, unchecked((byte)~(1 << CascadeLine)));
        Cpu.Out8(SlaveData, 0xFF);
    }

    /// <summary>Lets line <paramref name="irq"/> interrupt.</summary>
    internal static void Unmask(int irq)
    {
        if (irq < 8)
        {
            Cpu.Out8(MasterData, (byte)(Cpu.In8(MasterData) & ~(1 << irq)));
        }
        else
        {
            Cpu.Out8(SlaveData, (byte)(Cpu.In8(SlaveData) & ~(1 << (irq - 8))));
        }
    }

    /// <summary>
    /// True for a spurious IRQ 7 or 15 (the line dropped before the PIC could report it): it must not be
    /// acknowledged, except that a spurious IRQ 15 still needs an end-of-interrupt on the master.
    /// </summary>
    internal static bool IsSpurious(int irq)
    {
        if (irq == 7)
        {
            Cpu.Out8(MasterCommand, ReadInServiceCommand);
            return (Cpu.In8(MasterCommand) & 0x80) == 0;
        }

        if (irq == 15)
        {
            Cpu.Out8(SlaveCommand, ReadInServiceCommand);
            if ((Cpu.In8(SlaveCommand) & 0x80) == 0)
            {
                Cpu.Out8(MasterCommand, EndOfInterruptCommand);
                return true;
            }
        }

        return false;
    }

    /// <summary>Acknowledges line <paramref name="irq"/> so the PIC delivers the next one.</summary>
    internal static void EndOfInterrupt(int irq)
    {
        if (irq >= 8)
        {
            Cpu.Out8(SlaveCommand, EndOfInterruptCommand);
        }

        Cpu.Out8(MasterCommand, EndOfInterruptCommand);
    }
}
