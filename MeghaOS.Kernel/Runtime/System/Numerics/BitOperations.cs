// Bit counting helpers with the BCL's names and signatures (shared code uses them). Plain loops and de Bruijn-free
// arithmetic: the kernel's code must run on the baseline x86-64 CPU, which may lack LZCNT/TZCNT/POPCNT.
namespace System.Numerics;

/// <summary>Bit operations on unsigned integers.</summary>
public static class BitOperations
{
    /// <summary>True when exactly one bit is set.</summary>
    public static bool IsPow2(ulong value) => value != 0 && (value & (value - 1)) == 0;

    /// <summary>True when exactly one bit is set.</summary>
    public static bool IsPow2(uint value) => value != 0 && (value & (value - 1)) == 0;

    /// <summary>True when <paramref name="value"/> is a positive power of two.</summary>
    public static bool IsPow2(int value) => value > 0 && (value & (value - 1)) == 0;

    /// <summary>True when exactly one bit is set.</summary>
    public static bool IsPow2(nuint value) => value != 0 && (value & (value - 1)) == 0;

    /// <summary>Number of zero bits below the lowest set bit; 64 for 0.</summary>
    public static int TrailingZeroCount(ulong value)
    {
        if (value == 0)
        {
            return 64;
        }

        int count = 0;
        if ((value & 0xFFFFFFFF) == 0) { count += 32; value >>= 32; }
        if ((value & 0xFFFF) == 0) { count += 16; value >>= 16; }
        if ((value & 0xFF) == 0) { count += 8; value >>= 8; }
        if ((value & 0xF) == 0) { count += 4; value >>= 4; }
        if ((value & 0x3) == 0) { count += 2; value >>= 2; }
        if ((value & 0x1) == 0) { count += 1; }
        return count;
    }

    /// <summary>Number of zero bits below the lowest set bit; 32 for 0.</summary>
    public static int TrailingZeroCount(uint value) => value == 0 ? 32 : TrailingZeroCount((ulong)value);

    /// <summary>Number of zero bits below the lowest set bit; 32 for 0.</summary>
    public static int TrailingZeroCount(int value) => TrailingZeroCount((uint)value);

    /// <summary>Number of zero bits above the highest set bit; 64 for 0.</summary>
    public static int LeadingZeroCount(ulong value)
    {
        if (value == 0)
        {
            return 64;
        }

        int count = 0;
        if ((value & 0xFFFFFFFF00000000) == 0) { count += 32; value <<= 32; }
        if ((value & 0xFFFF000000000000) == 0) { count += 16; value <<= 16; }
        if ((value & 0xFF00000000000000) == 0) { count += 8; value <<= 8; }
        if ((value & 0xF000000000000000) == 0) { count += 4; value <<= 4; }
        if ((value & 0xC000000000000000) == 0) { count += 2; value <<= 2; }
        if ((value & 0x8000000000000000) == 0) { count += 1; }
        return count;
    }

    /// <summary>Number of zero bits above the highest set bit; 32 for 0.</summary>
    public static int LeadingZeroCount(uint value) => LeadingZeroCount((ulong)value) - 32;

    /// <summary>Number of set bits.</summary>
    public static int PopCount(ulong value)
    {
        value -= (value >> 1) & 0x5555555555555555;
        value = (value & 0x3333333333333333) + ((value >> 2) & 0x3333333333333333);
        value = (value + (value >> 4)) & 0x0F0F0F0F0F0F0F0F;
        return (int)((value * 0x0101010101010101) >> 56);
    }

    /// <summary>Number of set bits.</summary>
    public static int PopCount(uint value) => PopCount((ulong)value);

    /// <summary>Index of the highest set bit (floor of log2); 0 for 0, as in the BCL.</summary>
    public static int Log2(ulong value) => 63 - LeadingZeroCount(value | 1);

    /// <summary>Index of the highest set bit (floor of log2); 0 for 0, as in the BCL.</summary>
    public static int Log2(uint value) => 31 - LeadingZeroCount(value | 1);

    /// <summary>Index of the highest set bit (floor of log2); 0 for 0, as in the BCL.</summary>
    public static int Log2(nuint value) => Log2((ulong)value);
}
