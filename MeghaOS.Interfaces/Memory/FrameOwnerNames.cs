// The one name of each frame owner, as /sys/pmm/owners spells it (docs/files.md) and as the shell's messages use it,
// so the two can never disagree.
namespace MeghaOS.Memory;

using System;
using MeghaOS.Text;

/// <summary>Names of <see cref="FrameOwner"/> values.</summary>
public static class FrameOwnerNames
{
    /// <summary>Longest name <see cref="Write"/> produces ("owner-255").</summary>
    public const int MaxLength = 11;

    /// <summary>
    /// Writes the name of <paramref name="owner"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes) and returns its length: "kernel", "kernel-heap", "page-tables", "pmm", "shell",
    /// or "owner-N" (N in decimal) for a value without a name.
    /// </summary>
    public static int Write(FrameOwner owner, Span<byte> destination)
    {
        ReadOnlySpan<byte> name = Of(owner);
        if (name.Length != 0)
        {
            return Bytes.Copy(name, destination);
        }

        int length = Bytes.Copy("owner-"u8, destination);
        return length + NumberFormat.FormatDecimal((ulong)owner, destination.Slice(length));
    }

    // The named owners; empty for any other value.
    private static ReadOnlySpan<byte> Of(FrameOwner owner)
    {
        switch (owner)
        {
            case FrameOwner.Kernel: return "kernel"u8;
            case FrameOwner.KernelHeap: return "kernel-heap"u8;
            case FrameOwner.PageTables: return "page-tables"u8;
            case FrameOwner.Pmm: return "pmm"u8;
            case FrameOwner.Shell: return "shell"u8;
            case FrameOwner.TaskStack: return "task-stack"u8;
            case FrameOwner.User: return "user"u8;
            case FrameOwner.Ramdisk: return "ramdisk"u8;
            default: return default;
        }
    }
}
