// devfs, mounted at /dev: device files. /dev/pab is the active PMM's physical allocation bitmap read live through the
// Pmm facade; /dev/null swallows writes and reads empty; /dev/zero reads zeros; /dev/fb0 is the framebuffer's pixel
// memory (present only when the loader set up a drawable framebuffer). Formats: docs/files.md.
namespace MeghaOS.FileSystem.DevFs;

using System;
using MeghaOS.Devices;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Memory;

/// <summary>Creates the device filesystem.</summary>
public static unsafe class DevFileSystem
{
    /// <summary>Creates devfs with pab, null, zero and fb0, and fills <paramref name="operations"/>.</summary>
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

        SyntheticFileOperations framebuffer = default;
        framebuffer.Kind = VfsNodeKind.Device;
        framebuffer.Read = &ReadFramebuffer;
        framebuffer.Write = &WriteFramebuffer;
        framebuffer.Size = &FramebufferSize;
        framebuffer.IsPresent = &HasFramebuffer;

        if (SyntheticFileSystem.AddFile(operations, SyntheticFileSystem.Root, "pab"u8, pab) < 0 ||
            SyntheticFileSystem.AddFile(operations, SyntheticFileSystem.Root, "fb0"u8, framebuffer) < 0 ||
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

    // /dev/fb0: pitch x height bytes of pixel memory, read and written at any offset; a write past the end is cut
    // short there (count says how much was written), a read past the end reads nothing.
    private static bool HasFramebuffer(void* context) => Framebuffer.IsAvailable;

    private static ulong FramebufferSize(void* context) => Framebuffer.IsAvailable ? Framebuffer.Info.ByteCount : 0;

    private static VfsStatus ReadFramebuffer(void* context, ulong offset, Span<byte> buffer, out int count)
    {
        count = 0;
        ulong size = FramebufferSize(context);
        if (offset >= size)
        {
            return VfsStatus.Success;
        }

        ulong available = size - offset;
        int toCopy = available < (ulong)buffer.Length ? (int)available : buffer.Length;
        byte* pixels = Framebuffer.Pixels + offset;
        for (int i = 0; i < toCopy; i++)
        {
            buffer[i] = pixels[i];
        }

        count = toCopy;
        return VfsStatus.Success;
    }

    private static VfsStatus WriteFramebuffer(void* context, ulong offset, ReadOnlySpan<byte> data, out int count)
    {
        count = 0;
        ulong size = FramebufferSize(context);
        if (offset >= size)
        {
            return data.Length == 0 ? VfsStatus.Success : VfsStatus.NoSpace;
        }

        ulong available = size - offset;
        int toCopy = available < (ulong)data.Length ? (int)available : data.Length;
        byte* pixels = Framebuffer.Pixels + offset;
        for (int i = 0; i < toCopy; i++)
        {
            pixels[i] = data[i];
        }

        count = toCopy;
        return VfsStatus.Success;
    }

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
