// devfs, mounted at /dev: device files. /dev/pab is the active PMM's physical allocation bitmap read live through the
// Pmm facade; /dev/null swallows writes and reads empty; /dev/zero reads zeros. Formats: docs/files.md.
namespace MeghaOS.FileSystem.DevFs;

using System;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Memory;

/// <summary>Creates the device filesystem.</summary>
public static unsafe class DevFileSystem
{
    /// <summary>Creates devfs with pab, null and zero, and fills <paramref name="operations"/>.</summary>
    public static VfsStatus Create(out FileSystemOperations operations)
    {
        VfsStatus status = SyntheticFileSystem.Create("devfs", 8, out operations);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        SyntheticFileOperations pab = default;
        pab.Kind = VfsNodeKind.Device;
        pab.IsFrameBitmap = true;
        pab.Read = &ReadPab;
        pab.Size = &PabSize;

        SyntheticFileOperations nullDevice = default;
        nullDevice.Kind = VfsNodeKind.Device;
        nullDevice.Read = &ReadNull;
        nullDevice.Write = &Discard;

        SyntheticFileOperations zero = default;
        zero.Kind = VfsNodeKind.Device;
        zero.Read = &ReadZero;
        zero.Write = &Discard;

        if (SyntheticFileSystem.AddFile(operations, SyntheticFileSystem.Root, "pab"u8, pab) < 0 ||
            SyntheticFileSystem.AddFile(operations, SyntheticFileSystem.Root, "null"u8, nullDevice) < 0 ||
            SyntheticFileSystem.AddFile(operations, SyntheticFileSystem.Root, "zero"u8, zero) < 0)
        {
            SyntheticFileSystem.Destroy(operations);
            operations = default;
            return VfsStatus.NoSpace;
        }

        return VfsStatus.Success;
    }

    // The PAB is read from the facade on every call, so the bytes are those of whichever implementation is active now.
    private static VfsStatus ReadPab(void* context, ulong offset, Span<byte> buffer, out int count)
    {
        count = 0;
        ReadOnlySpan<byte> pab = Pmm.Pab;
        if (offset >= (ulong)pab.Length)
        {
            return VfsStatus.Success;
        }

        int start = (int)offset;
        int available = pab.Length - start;
        int toCopy = available < buffer.Length ? available : buffer.Length;
        for (int i = 0; i < toCopy; i++)
        {
            buffer[i] = pab[start + i];
        }

        count = toCopy;
        return VfsStatus.Success;
    }

    private static ulong PabSize(void* context) => Pmm.State.PabByteCount;

    private static VfsStatus ReadNull(void* context, ulong offset, Span<byte> buffer, out int count)
    {
        count = 0;
        return VfsStatus.Success;
    }

    private static VfsStatus ReadZero(void* context, ulong offset, Span<byte> buffer, out int count)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = 0;
        }

        count = buffer.Length;
        return VfsStatus.Success;
    }

    private static VfsStatus Discard(void* context, ulong offset, ReadOnlySpan<byte> data, out int count)
    {
        count = data.Length;
        return VfsStatus.Success;
    }
}
