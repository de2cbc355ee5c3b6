// The memory helpers ILC's generated code calls by name (block copies, clears and fills).
namespace System;

using MeghaOS.Runtime;

internal static unsafe class SpanHelpers
{
    internal static void Memmove(ref byte destination, ref byte source, nuint byteCount)
    {
        fixed (byte* d = &destination)
        fixed (byte* s = &source)
        {
            MemoryOperations.Copy(d, s, byteCount);
        }
    }

    internal static void ClearWithoutReferences(ref byte destination, nuint byteCount)
    {
        fixed (byte* d = &destination)
        {
            MemoryOperations.Zero(d, byteCount);
        }
    }

    internal static void ClearWithReferences(ref nint destination, nuint pointerCount)
    {
        fixed (nint* d = &destination)
        {
            MemoryOperations.Zero((byte*)d, pointerCount * (nuint)sizeof(nint));
        }
    }

    internal static void Fill(ref byte destination, byte value, nuint byteCount)
    {
        fixed (byte* d = &destination)
        {
            MemoryOperations.Fill(d, value, byteCount);
        }
    }
}

/// <summary>Block copies that ILC's code calls for structs holding references.</summary>
internal static unsafe class Buffer
{
    internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount)
    {
        fixed (byte* d = &destination)
        fixed (byte* s = &source)
        {
            MemoryOperations.Copy(d, s, byteCount);
        }
    }

    internal static void Memmove(ref byte destination, ref byte source, nuint byteCount) =>
        SpanHelpers.Memmove(ref destination, ref source, byteCount);
}
