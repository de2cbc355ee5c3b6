// Copying and clearing memory, for the runtime and for ILC's helpers (SpanHelpers, Buffer). Plain loops:
// the kernel moves little memory, and this keeps the code independent of CPU features.
namespace MeghaOS.Runtime;

/// <summary>Byte copies and fills.</summary>
internal static unsafe class MemoryOperations
{
    /// <summary>Copies <paramref name="count"/> bytes; the ranges may overlap.</summary>
    internal static void Copy(byte* destination, byte* source, ulong count)
    {
        if (destination == source || count == 0)
        {
            return;
        }

        if (destination < source || destination >= source + count)
        {
            ulong i = 0;
            if ((((ulong)destination | (ulong)source) & 7) == 0)
            {
                for (; i + 8 <= count; i += 8)
                {
                    *(ulong*)(destination + i) = *(ulong*)(source + i);
                }
            }

            for (; i < count; i++)
            {
                destination[i] = source[i];
            }
        }
        else
        {
            for (ulong i = count; i > 0; i--)
            {
                destination[i - 1] = source[i - 1];
            }
        }
    }

    /// <summary>Sets <paramref name="count"/> bytes to <paramref name="value"/>.</summary>
    internal static void Fill(byte* destination, byte value, ulong count)
    {
        ulong i = 0;
        if (((ulong)destination & 7) == 0)
        {
            ulong pattern = value * 0x0101010101010101UL;
            for (; i + 8 <= count; i += 8)
            {
                *(ulong*)(destination + i) = pattern;
            }
        }

        for (; i < count; i++)
        {
            destination[i] = value;
        }
    }

    /// <summary>Sets <paramref name="count"/> bytes to zero.</summary>
    internal static void Zero(byte* destination, ulong count) => Fill(destination, 0, count);
}
